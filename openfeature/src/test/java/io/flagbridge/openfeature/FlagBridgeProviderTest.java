package io.flagbridge.openfeature;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.configcat.ConfigCatClient;
import com.configcat.User;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.ImmutableStructure;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderState;
import dev.openfeature.sdk.Value;
import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.ConfigJson.TypedComparator;
import io.flagbridge.testing.ConfigJson.TypedRule;

import static org.assertj.core.api.Assertions.assertThat;

/** Each mapping of docs/openfeature.md, through {@code @Inject Client} against a fake ConfigCat CDN on 127.0.0.1. */
class FlagBridgeProviderTest extends WithFakeCdn {

    Client client(ConfigJson config) {
        cdn.serve(OpenFeatureTestApp.KEY, config.build());
        app = OpenFeatureTestApp.start(cdn, new Class<?>[0]);
        return app.select(Client.class);
    }

    ConfigJson base() {
        return ConfigJson.forCdn(cdn.baseUrl());
    }

    /** A text flag "plan": "premium" (v-premium) for an email at example.com, else "basic" (v-basic). */
    ConfigJson premiumByEmail() {
        return base().textFlag("plan", "basic", "v-basic", new ConfigJson.Rule("Email",
                ConfigJson.TextComparator.CONTAINS_ANY_OF, List.of("@example.com"), "premium", "v-premium"));
    }

    /** The ConfigCat users of the evaluations from now on, as hooks of the application's client see them. */
    List<User> usersEvaluated() {
        List<User> users = new java.util.concurrent.CopyOnWriteArrayList<>();
        app.select(ConfigCatClient.class).getHooks().addOnFlagEvaluated(details -> users.add(details.getUser()));
        return users;
    }

    static EvaluationContext user(String key, Map<String, Value> attributes) {
        return new ImmutableContext(key, attributes);
    }

    @Test
    void theClientsProviderIsFlagBridgesOnAnIsolatedApi() {
        Client client = client(base().boolFlag("on", true, "v-on"));
        OpenFeatureAPI api = app.select(OpenFeatureAPI.class);

        assertThat(api).isNotSameAs(OpenFeatureAPI.getInstance());
        assertThat(api.getProvider()).isInstanceOf(FlagBridgeProvider.class);
        assertThat(OpenFeatureAPI.getInstance().getProvider()).isNotInstanceOf(FlagBridgeProvider.class);
        assertThat(client.getProviderState()).isEqualTo(ProviderState.READY);
        assertThat(api.getProviderMetadata().getName()).isEqualTo("FlagBridge");
    }

    @Test
    void aSettingWithoutRulesIsStaticWithTheVariationIdAsVariant() {
        Client client = client(base().boolFlag("on", true, "v-on"));

        FlagEvaluationDetails<Boolean> details = client.getBooleanDetails("on", false, user("ann", Map.of()));

        assertThat(details.getValue()).isTrue();
        assertThat(details.getVariant()).isEqualTo("v-on");
        assertThat(details.getReason()).isEqualTo("STATIC");
        assertThat(details.getErrorCode()).isNull();
    }

    @Test
    void aSettingWhoseRulesAndPercentageOptionsDidNotDecideIsDefault() {
        Client client = client(premiumByEmail()
                .boolPercentageFlag("rollout", false, "v-none", new ConfigJson.Percentage(50, true, "v-in"),
                        new ConfigJson.Percentage(50, false, "v-out")));

        FlagEvaluationDetails<String> plan = client.getStringDetails("plan", "none",
                user("bob", Map.of("email", new Value("bob@other.org"))));
        FlagEvaluationDetails<Boolean> rollout = client.getBooleanDetails("rollout", true); // no user: no option

        assertThat(List.of(plan.getValue(), plan.getVariant(), plan.getReason()))
                .containsExactly("basic", "v-basic", "DEFAULT");
        assertThat(List.of(rollout.getValue(), rollout.getVariant(), rollout.getReason()))
                .containsExactly(false, "v-none", "DEFAULT");
    }

    @Test
    void aMatchingRuleIsTargetingMatchAndEmailAndCountryAreConfigCats() {
        Client client = client(base().textFlag("plan", "basic", "v-basic",
                new ConfigJson.Rule("Email", ConfigJson.TextComparator.CONTAINS_ANY_OF, List.of("@example.com"),
                        "premium", "v-premium"),
                new ConfigJson.Rule("Country", ConfigJson.TextComparator.IS_ONE_OF, List.of("NL"), "dutch",
                        "v-dutch")));

        FlagEvaluationDetails<String> ann = client.getStringDetails("plan", "none",
                user("ann", Map.of("email", new Value("ann@example.com"))));
        FlagEvaluationDetails<String> jan = client.getStringDetails("plan", "none",
                user("jan", Map.of("country", new Value("NL"))));
        FlagEvaluationDetails<String> bob = client.getStringDetails("plan", "none",
                user("bob", Map.of("email", new Value("bob@other.org"))));

        assertThat(List.of(ann.getValue(), ann.getVariant(), ann.getReason()))
                .containsExactly("premium", "v-premium", "TARGETING_MATCH");
        assertThat(List.of(jan.getValue(), jan.getVariant(), jan.getReason()))
                .containsExactly("dutch", "v-dutch", "TARGETING_MATCH");
        assertThat(List.of(bob.getValue(), bob.getVariant(), bob.getReason()))
                .containsExactly("basic", "v-basic", "DEFAULT");
    }

    @Test
    void attributesWithoutATargetingKeyStillTargetAsAUserWithAnEmptyIdentifier() {
        Client client = client(premiumByEmail()
                .boolPercentageFlag("rollout", false, "v-none", new ConfigJson.Percentage(50, true, "v-in"),
                        new ConfigJson.Percentage(50, false, "v-out")));
        List<User> users = usersEvaluated();

        FlagEvaluationDetails<String> ann = client.getStringDetails("plan", "none",
                new ImmutableContext(Map.of("email", new Value("ann@example.com"))));
        FlagEvaluationDetails<String> bob = client.getStringDetails("plan", "none",
                new ImmutableContext(Map.of("email", new Value("bob@other.org"))));
        List<String> options = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            options.add(client.getBooleanDetails("rollout", false,
                    new ImmutableContext(Map.of("email", new Value("user-" + i + "@other.org")))).getVariant());
        }

        assertThat(List.of(ann.getValue(), ann.getVariant(), ann.getReason()))
                .containsExactly("premium", "v-premium", "TARGETING_MATCH");
        assertThat(List.of(bob.getValue(), bob.getReason())).containsExactly("basic", "DEFAULT");
        assertThat(users.get(0)).as("ConfigCat's user of the first evaluation").isNotNull();
        assertThat(users.get(0).getIdentifier()).isEmpty();
        assertThat(users.get(0).getAttribute("Email")).isEqualTo("ann@example.com");
        assertThat(options).as("every user without a targeting key in one percentage option").hasSize(20)
                .containsOnly(options.get(0)).doesNotContain("v-none");
    }

    @Test
    void aPercentageOptionIsSplitAndTheTargetingKeyIsTheIdentifier() {
        Client client = client(base().boolPercentageFlag("rollout", false, "v-none",
                new ConfigJson.Percentage(50, true, "v-in"), new ConfigJson.Percentage(50, false, "v-out")));

        FlagEvaluationDetails<Boolean> first = client.getBooleanDetails("rollout", false, user("user-1", Map.of()));
        List<String> variants = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            variants.add(client.getBooleanDetails("rollout", false, user("user-" + i, Map.of())).getVariant());
        }

        assertThat(first.getReason()).isEqualTo("SPLIT");
        assertThat(client.getBooleanDetails("rollout", false, user("user-1", Map.of())).getVariant())
                .as("the same identifier, the same option").isEqualTo(first.getVariant());
        assertThat(variants).contains("v-in", "v-out");
    }

    @Test
    void numbersStayNumbersForConfigCatsNumberComparators() {
        Client client = client(base().boolFlag("bulk", false, "v-no",
                new TypedRule("seats", TypedComparator.NUMBER_GREATER, 9, true, "v-bulk")));

        // As text, "10" > 9 would also hold; 10.5 and 100 show the number is compared, not "100" < "9" as text.
        assertThat(client.getBooleanValue("bulk", false, user("a", Map.of("seats", new Value(100))))).isTrue();
        assertThat(client.getBooleanValue("bulk", false, user("b", Map.of("seats", new Value(10.5))))).isTrue();
        assertThat(client.getBooleanValue("bulk", false, user("c", Map.of("seats", new Value(2L))))).isFalse();
        assertThat(client.getBooleanDetails("bulk", false, user("a", Map.of("seats", new Value(100))))
                .getReason()).isEqualTo("TARGETING_MATCH");
    }

    @Test
    void semverTextMeetsConfigCatsSemverComparators() {
        Client client = client(base().boolFlag("modern", false, "v-old",
                new TypedRule("appVersion", TypedComparator.SEMVER_GREATER_EQUALS, "1.10.0", true, "v-modern")));

        // As plain text "1.9.3" > "1.10.0"; as semver it is lower.
        assertThat(client.getBooleanValue("modern", false, user("a", Map.of("appVersion", new Value("1.9.3")))))
                .isFalse();
        assertThat(client.getBooleanValue("modern", false, user("b", Map.of("appVersion", new Value("1.10.2")))))
                .isTrue();
    }

    @Test
    void listsOfTextStayListsForConfigCatsArrayComparators() {
        Client client = client(base().boolFlag("beta", false, "v-off",
                new TypedRule("roles", TypedComparator.ARRAY_CONTAINS_ANY_OF, List.of("tester"), true, "v-beta")));

        Value roles = new Value(List.of(new Value("admin"), new Value("tester")));
        Value others = new Value(List.of(new Value("admin")));
        assertThat(client.getBooleanValue("beta", false, user("a", Map.of("roles", roles)))).isTrue();
        assertThat(client.getBooleanValue("beta", false, user("b", Map.of("roles", others)))).isFalse();
    }

    @Test
    void anInstantIsADateForConfigCatsDateComparators() {
        Client client = client(base().boolFlag("early", false, "v-late",
                new TypedRule("signedUp", TypedComparator.DATE_BEFORE, 1_700_000_000, true, "v-early")));

        assertThat(client.getBooleanValue("early", false,
                user("a", Map.of("signedUp", new Value(Instant.ofEpochSecond(1_600_000_000L)))))).isTrue();
        assertThat(client.getBooleanValue("early", false,
                user("b", Map.of("signedUp", new Value(Instant.ofEpochSecond(1_750_000_000L)))))).isFalse();
    }

    @Test
    void anUnknownFlagIsFlagNotFoundWithTheDefault() {
        Client client = client(base().boolFlag("on", true, "v-on"));

        FlagEvaluationDetails<Boolean> details = client.getBooleanDetails("nope", true, user("ann", Map.of()));

        assertThat(details.getValue()).isTrue();
        assertThat(details.getReason()).isEqualTo("ERROR");
        assertThat(details.getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
        assertThat(details.getErrorMessage()).contains("'nope'").contains("the key was not found");
    }

    @Test
    void theWrongTypeIsTypeMismatchWithTheDefault() {
        Client client = client(base().textFlag("plan", "basic", "v-basic"));

        FlagEvaluationDetails<Boolean> asBoolean = client.getBooleanDetails("plan", false, user("ann", Map.of()));
        FlagEvaluationDetails<Integer> asInteger = client.getIntegerDetails("plan", 7, user("ann", Map.of()));

        assertThat(asBoolean.getValue()).isFalse();
        assertThat(asBoolean.getReason()).isEqualTo("ERROR");
        assertThat(asBoolean.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
        assertThat(asInteger.getValue()).isEqualTo(7);
        assertThat(asInteger.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
    }

    @Test
    void anAttributeConfigCatCannotCompareIsInvalidContextNeverAnException() {
        Client client = client(base().boolFlag("on", true, "v-on"));
        MutableContext structure = new MutableContext("ann");
        structure.add("address", new ImmutableStructure(Map.of("city", new Value("Utrecht"))));
        MutableContext numbers = new MutableContext("ann");
        numbers.add("scores", List.of(new Value(1), new Value(2)));

        FlagEvaluationDetails<Boolean> a = client.getBooleanDetails("on", false, structure);
        FlagEvaluationDetails<Boolean> b = client.getBooleanDetails("on", false, numbers);

        assertThat(a.getValue()).isFalse();
        assertThat(a.getReason()).isEqualTo("ERROR");
        assertThat(a.getErrorCode()).isEqualTo(ErrorCode.INVALID_CONTEXT);
        assertThat(a.getErrorMessage()).isEqualTo("FLAGBRIDGE-0300: the evaluation context's attribute 'address' is "
                + "a structure, which ConfigCat cannot compare; allowed: text, a number, a boolean (as text), a date "
                + "(an Instant) or a list of texts");
        assertThat(b.getErrorCode()).isEqualTo(ErrorCode.INVALID_CONTEXT);
        assertThat(b.getErrorMessage()).contains("'scores' is a list with a number");
    }

    @Test
    void typedFlagsOfEveryKind() {
        Client client = client(base().intFlag("seats", 5, "v-5").doubleFlag("ratio", 0.25, "v-q")
                .textFlag("banner", "{\"title\":\"Hi\",\"size\":3,\"tags\":[\"a\"]}", "v-json")
                .textFlag("plain", "hello", "v-plain"));

        assertThat(client.getIntegerValue("seats", 0)).isEqualTo(5);
        assertThat(client.getDoubleValue("ratio", 0.0)).isEqualTo(0.25);
        Value banner = client.getObjectValue("banner", new Value());
        assertThat(banner.asStructure().getValue("title").asString()).isEqualTo("Hi");
        assertThat(banner.asStructure().getValue("size").asInteger()).isEqualTo(3);
        assertThat(banner.asStructure().getValue("tags").asList()).containsExactly(new Value("a"));
        FlagEvaluationDetails<Value> plain = client.getObjectDetails("plain", new Value("fallback"));
        assertThat(plain.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
        assertThat(plain.getValue()).isEqualTo(new Value("fallback"));
    }

    @Test
    void aContextChangedAfterAnEvaluationIsANewUser() {
        Client client = client(premiumByEmail());
        MutableContext context = new MutableContext("ann");
        context.add("email", "ann@example.com");

        assertThat(client.getStringValue("plan", "none", context)).isEqualTo("premium");
        assertThat(client.getStringValue("plan", "none", context)).isEqualTo("premium");
        context.add("email", "ann@other.org");
        assertThat(client.getStringValue("plan", "none", context)).isEqualTo("basic");
        assertThat(client.getStringValue("plan", "none", new ImmutableContext("bob", Map.of("email",
                new Value("ann@example.com"))))).isEqualTo("premium");
        MutableContext roles = new MutableContext("cy");
        List<Value> list = new java.util.ArrayList<>(List.of(new Value("tester")));
        roles.add("roles", list);
        assertThat(client.getStringValue("plan", "none", roles)).isEqualTo("basic");
    }

    @Test
    void oneContextGivenThroughTheClientAndToTheProviderIsOneUserWithItsTargetingKey() {
        Client client = client(premiumByEmail());
        List<User> users = usersEvaluated();
        FeatureProvider provider = app.select(OpenFeatureAPI.class).getProvider();
        EvaluationContext ann = user("ann", Map.of("email", new Value("ann@example.com")));
        EvaluationContext anonymous = new ImmutableContext(Map.of("email", new Value("bob@other.org")));

        List<String> values = List.of(client.getStringValue("plan", "none", ann),
                provider.getStringEvaluation("plan", "none", ann).getValue(),
                provider.getStringEvaluation("plan", "none", ann).getValue(),
                provider.getStringEvaluation("plan", "none", anonymous).getValue(),
                client.getStringValue("plan", "none", anonymous), client.getStringValue("plan", "none", ann));

        assertThat(values).containsExactly("premium", "premium", "premium", "basic", "basic", "premium");
        assertThat(users).extracting(User::getIdentifier).containsExactly("ann", "ann", "ann", "", "", "ann");
        assertThat(users.get(1)).as("a context seen before is the user built then").isSameAs(users.get(0));
    }

    @Test
    void anApiContextLayeredUnderTheInvocationsIsMergedAndAChangedLayerIsANewUser() {
        Client client = client(premiumByEmail());
        List<User> users = usersEvaluated();
        OpenFeatureAPI api = app.select(OpenFeatureAPI.class);
        EvaluationContext ann = new ImmutableContext("ann");

        api.setEvaluationContext(new ImmutableContext(Map.of("email", new Value("ann@example.com"))));
        String first = client.getStringValue("plan", "none", ann);
        String second = client.getStringValue("plan", "none", ann);
        api.setEvaluationContext(new ImmutableContext(Map.of("email", new Value("ann@other.org"))));
        String changed = client.getStringValue("plan", "none", ann);
        String equal = client.getStringValue("plan", "none", new ImmutableContext("ann"));
        api.setEvaluationContext(new ImmutableContext());

        assertThat(List.of(first, second, changed, equal)).containsExactly("premium", "premium", "basic", "basic");
        assertThat(users).extracting(User::getIdentifier).containsExactly("ann", "ann", "ann", "ann");
        assertThat(users).extracting(user -> user.getAttribute("Email")).containsExactly("ann@example.com",
                "ann@example.com", "ann@other.org", "ann@other.org");
        assertThat(users.get(1)).as("the same layers, the same user").isSameAs(users.get(0));
        assertThat(users.get(3)).as("equal layers, the same user").isSameAs(users.get(2));
    }
}
