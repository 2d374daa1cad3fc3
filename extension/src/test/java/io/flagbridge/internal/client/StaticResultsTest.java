package io.flagbridge.internal.client;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.configcat.ConfigCatClient;
import com.configcat.DataGovernance;
import com.configcat.EvaluationDetails;
import com.configcat.LogLevel;
import com.configcat.PollingModes;
import com.configcat.User;

import io.flagbridge.internal.config.ClientSettings;
import io.flagbridge.internal.util.Secret;
import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.ConfigJson.Rule;
import io.flagbridge.testing.ConfigJson.TextComparator;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.Fakes;
import io.flagbridge.testing.Fakes.Fake;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FlagBridge's own results of flags without rules ({@link StaticResults}) against ConfigCat's client on a fake CDN. The
 * client's only {@code onFlagEvaluated} hook records what it is given: a result the client made reaches the hook as
 * another object than the one it returns ({@code asTypeSpecific}), one FlagBridge served is the very object returned.
 */
@ExtendWith(Fakes.class)
class StaticResultsTest {

    static final String SDK_KEY = "configcat-sdk-1/flagbridge-static-r001/secret-part-of-key-001";

    @Fake
    FakeConfigCatCdn cdn;

    final List<EvaluationDetails<Object>> hooked = new CopyOnWriteArrayList<>();
    final StaticFlags staticFlags = new StaticFlags();
    ConfigCatClient client;
    StaticResults results;

    @BeforeEach
    void start() {
        serve(true);
        client = ConfigCatClient.get(SDK_KEY, options -> {
            options.baseUrl(cdn.baseUrl());
            options.pollingMode(PollingModes.manualPoll());
            options.hooks().addOnFlagEvaluated(hooked::add);
            options.hooks().addOnConfigChanged(staticFlags::remote);
        });
        client.forceRefresh();
        staticFlags.client(client);
        results = new StaticResults(client, hooked::add, staticFlags);
    }

    @AfterEach
    void close() throws Exception {
        client.close();
    }

    void serve(boolean checkout) {
        cdn.serve(SDK_KEY, ConfigJson.forCdn(cdn.baseUrl()).boolFlag("checkout", checkout, "v-checkout-" + checkout)
                .textFlag("plan", "basic", "v-basic", new Rule("Email", TextComparator.CONTAINS_ANY_OF,
                        List.of("@example.com"), "premium", "v-premium"))
                .build());
    }

    static User user(String identifier) {
        return User.newBuilder().email(identifier + "@customer.example").build(identifier);
    }

    /** The last hooked result was the one returned: FlagBridge served it. */
    boolean served(EvaluationDetails<?> returned) {
        return hooked.get(hooked.size() - 1) == returned;
    }

    @Test
    void afterTheClientServedAFlagWithoutRulesFlagBridgeServesTheSameResultForEveryUser() {
        EvaluationDetails<Boolean> first = results.details(Boolean.class, "checkout", user("ann"), false);
        assertThat(served(first)).as("the first evaluation is the client's").isFalse();
        for (String name : List.of("ann", "bob", "cy")) {
            User user = user(name);
            EvaluationDetails<Boolean> ours = results.details(Boolean.class, "checkout", user, false);
            assertThat(served(ours)).as("served by FlagBridge for %s", name).isTrue();
            EvaluationDetails<Boolean> clients = client.getValueDetails(Boolean.class, "checkout", user, false);
            assertThat(ours.getUser()).isSameAs(user);
            assertThat(ours).usingRecursiveComparison().isEqualTo(clients);
            assertThat(staticFlags.reason(ours)).isEqualTo(Reason.STATIC).isEqualTo(staticFlags.reason(clients));
        }
        // Every evaluation, served or not, reached the hook once: 1 + 3 of ours + 3 of the client's.
        assertThat(hooked).hasSize(7);
    }

    @Test
    void aFlagWithRulesAlwaysGoesThroughTheClient() {
        for (String name : List.of("ann", "bob", "ann")) {
            EvaluationDetails<String> plan = results.details(String.class, "plan", user(name), "none");
            assertThat(served(plan)).isFalse();
            assertThat(plan.getValue()).isEqualTo("basic");
        }
        EvaluationDetails<String> premium = results.details(String.class, "plan",
                User.newBuilder().email("eve@example.com").build("eve"), "none");
        assertThat(premium.getValue()).isEqualTo("premium");
        assertThat(served(premium)).isFalse();
    }

    @Test
    void aNewConfigIsServedFromTheMomentConfigCatsHooksTellIt() {
        results.details(Boolean.class, "checkout", user("ann"), false);
        assertThat(results.details(Boolean.class, "checkout", user("ann"), false).getValue()).isTrue();
        serve(false);
        client.forceRefresh(); // the configChanged hook has run when it returns
        EvaluationDetails<Boolean> after = results.details(Boolean.class, "checkout", user("ann"), false);
        assertThat(after.getValue()).isFalse();
        assertThat(after.getVariationId()).isEqualTo("v-checkout-false");
        assertThat(served(after)).as("the first evaluation after a change is the client's").isFalse();
        assertThat(served(results.details(Boolean.class, "checkout", user("ann"), false))).isTrue();
    }

    @Test
    void theFetchTimeIsTheClientsAlsoAfterAFetchThatFoundTheConfigUnchanged() throws Exception {
        results.details(Boolean.class, "checkout", user("ann"), false);
        long before = results.details(Boolean.class, "checkout", user("ann"), false).getFetchTimeUnixMilliseconds();
        Thread.sleep(5);
        client.forceRefresh(); // 304: ConfigCat keeps the config and sets a new fetch time, no hook
        EvaluationDetails<Boolean> ours = results.details(Boolean.class, "checkout", user("ann"), false);
        assertThat(served(ours)).isTrue();
        assertThat(ours.getFetchTimeUnixMilliseconds()).isGreaterThan(before)
                .isEqualTo(client.getValueDetails(Boolean.class, "checkout", user("ann"), false)
                        .getFetchTimeUnixMilliseconds());
    }

    @Test
    void withoutAUserTheClientsDefaultUserIsTheEvaluations() {
        results.details(Boolean.class, "checkout", null, false);
        assertThat(results.details(Boolean.class, "checkout", null, false).getUser()).isNull();
        User fallback = user("default");
        client.setDefaultUser(fallback);
        EvaluationDetails<Boolean> ours = results.details(Boolean.class, "checkout", null, false);
        assertThat(served(ours)).isTrue();
        assertThat(ours.getUser()).isSameAs(fallback)
                .isSameAs(client.getValueDetails(Boolean.class, "checkout", null, false).getUser());
    }

    @Test
    void anotherTypeGetsTheClientsAnswerItsTypeMismatch() {
        results.details(Boolean.class, "checkout", user("ann"), false);
        EvaluationDetails<String> asText = results.details(String.class, "checkout", user("ann"), "none");
        assertThat(served(asText)).isFalse();
        assertThat(asText.getValue()).isEqualTo("none");
        assertThat(asText.getError()).isNotNull();
    }

    @Test
    void anApplicationsOwnHookOnTheClientSeesEveryEvaluation() {
        List<EvaluationDetails<Object>> own = new CopyOnWriteArrayList<>();
        results.details(Boolean.class, "checkout", user("ann"), false);
        assertThat(served(results.details(Boolean.class, "checkout", user("ann"), false))).isTrue();
        client.getHooks().addOnFlagEvaluated(own::add);
        for (int i = 0; i < 3; i++) {
            EvaluationDetails<Boolean> details = results.details(Boolean.class, "checkout", user("ann"), false);
            assertThat(served(details)).isFalse();
            assertThat(details.getValue()).isTrue();
        }
        assertThat(own).hasSize(3);
    }

    @Test
    void onlyWhereTheClientsOwnEvaluationWouldDoNothingMore() {
        assertThat(StaticResults.eligible(settings(ClientSettings.Polling.AUTO, LogLevel.WARNING), false, false,
                false)).isTrue();
        assertThat(StaticResults.eligible(settings(ClientSettings.Polling.MANUAL, LogLevel.NO_LOG), false, false,
                false)).isTrue();
        assertThat(StaticResults.eligible(settings(ClientSettings.Polling.LAZY, LogLevel.WARNING), false, false,
                false)).as("lazy loading fetches at evaluations").isFalse();
        assertThat(StaticResults.eligible(settings(ClientSettings.Polling.AUTO, LogLevel.INFO), false, false, false))
                .as("ConfigCat logs each evaluation at info").isFalse();
        assertThat(StaticResults.eligible(settings(ClientSettings.Polling.AUTO, LogLevel.DEBUG), false, false,
                false)).isFalse();
        assertThat(StaticResults.eligible(settings(ClientSettings.Polling.AUTO, LogLevel.WARNING), true, false,
                false)).as("a shared ConfigCache is read at evaluations").isFalse();
        assertThat(StaticResults.eligible(settings(ClientSettings.Polling.AUTO, LogLevel.WARNING), false, true,
                false)).as("a test kit's flags").isFalse();
        assertThat(StaticResults.eligible(settings(ClientSettings.Polling.AUTO, LogLevel.WARNING), false, false,
                true)).as("an unwatched flag file").isFalse();
    }

    static ClientSettings settings(ClientSettings.Polling polling, LogLevel logLevel) {
        return new ClientSettings(Secret.of(SDK_KEY), polling, 60, 5, 60, Optional.empty(), DataGovernance.GLOBAL,
                false, logLevel, Optional.empty());
    }
}
