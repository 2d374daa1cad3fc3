package io.flagbridge.internal.privacy;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import com.configcat.User;

import io.flagbridge.FlagEvaluated;
import io.flagbridge.internal.config.ConfigReader;
import io.flagbridge.internal.config.SegmentSettings;
import io.flagbridge.internal.sdk.UserAttributes;

import static org.assertj.core.api.Assertions.assertThat;

/** What of a user may leave the process. */
class UserPrivacyTest {

    static UserPrivacy privacy(String... config) {
        Map<String, String> values = new HashMap<>(Map.of("segment.write-key", "write-key-0123456789"));
        for (int i = 0; i < config.length; i += 2) {
            values.put(config[i], config[i + 1]);
        }
        ConfigReader reader = new ConfigReader(key -> Optional.ofNullable(values.get(key)));
        return new UserPrivacy(SegmentSettings.read(reader).orElseThrow(() -> new AssertionError(reader
                .problems())));
    }

    static User everyKindOfAttribute() {
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("plan", "gold");
        custom.put("seats", 12);
        custom.put("ratio", 0.25);
        custom.put("beta", true);
        custom.put("since", new Date(1_700_000_000_000L));
        custom.put("tags", List.of("a", "b"));
        custom.put("identifier", "a custom attribute of that name");
        custom.put("Zeta", "upper case sorts first");
        custom.put("empty", null);
        custom.put("quote", "\"<&>\" \u00e9 \uD83D\uDE00");
        return User.newBuilder().email("ann@example.com").country("NL").custom(custom).build("ann");
    }

    @Test
    void theUsersMapIsReadableHere() {
        assertThat(UserAttributes.of(everyKindOfAttribute())).get().asInstanceOf(
                InstanceOfAssertFactories.MAP).containsEntry("Email", "ann@example.com");
    }

    @Test
    void traitsFromTheUsersMapEqualTraitsFromItsJson() {
        for (UserPrivacy messages : List.of(privacy(), privacy("segment.private-attributes", "country,SEATS"),
                privacy("segment.user-attributes", "Email,plan,since"))) {
            User user = everyKindOfAttribute();
            Map<String, Object> traits = messages.traits(user);
            assertThat(traits).isEqualTo(messages.traitsFromJson(user));
            assertThat(List.copyOf(traits.keySet())).isEqualTo(List.copyOf(messages.traitsFromJson(user).keySet()));
        }
        Map<String, Object> all = privacy().traits(everyKindOfAttribute());
        assertThat(all).containsEntry("email", "ann@example.com").containsEntry("seats", 12L) // whole, not 12.0
                .doesNotContainKeys("identifier", "Identifier", "empty");
        assertThat(all.keySet()).startsWith("email", "country");
        assertThat(privacy().traits(User.newBuilder().build("bob"))).isEmpty();
    }

    @Test
    void anInstantAttributeBecomesIsoTextAndNeverBreaksTheTraits() {
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("at", Instant.ofEpochSecond(1_700_000_000L));
        custom.put("plan", "gold");
        User user = User.newBuilder().custom(custom).build("ann");

        assertThat(privacy().traits(user)).containsExactly(Map.entry("at", "2023-11-14T22:13:20Z"),
                Map.entry("plan", "gold"));
    }

    @Test
    void anAttributeGsonCannotWriteIsLeftOutAndTheOthersStay() {
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("thread", new Thread("not a trait"));
        custom.put("plan", "gold");
        User user = User.newBuilder().custom(custom).build("ann");

        assertThat(privacy().traits(user)).containsExactly(Map.entry("plan", "gold"));
    }

    @Test
    void anInvalidPrivateValueInTheEvaluationLogIsMasked() {
        UserPrivacy privacy = privacy("segment.private-attributes", "AppVersion");
        String line = "Evaluating 'beta' for User '{\"Identifier\":\"ann\",\"AppVersion\":\"internal-7\"}'\n"
                + "  Evaluating targeting rules and applying the first match if any:\n"
                + "  - IF User.AppVersion > '1.0.0' THEN 'true' => cannot evaluate, the User.AppVersion attribute is "
                + "invalid ('internal-7' is not a valid semantic version)\n    The current targeting rule is ignored";
        assertThat(privacy.logLine(5000, line)).isEqualTo("Evaluating 'beta' for User '{\"Identifier\":\"ann\"}'\n"
                + "  Evaluating targeting rules and applying the first match if any:\n"
                + "  - IF User.AppVersion > '1.0.0' THEN 'true' => cannot evaluate, the User.AppVersion attribute is "
                + "invalid ('****' is not a valid semantic version)\n    The current targeting rule is ignored");
    }

    @Test
    void aPrivateAttributeWhoseNameHasASpaceIsMaskedInConditionWarnings() {
        UserPrivacy privacy = privacy("segment.private-attributes", "Account Tier");
        String line = "Cannot evaluate condition (User.Account Tier IS ONE OF ['gold']) for setting 'plan' ('platinum "
                + "plus' is not a valid semantic version). Please check the User.Account Tier attribute and make sure "
                + "that its value corresponds to the comparison operator.";
        assertThat(privacy.logLine(3004, line)).isEqualTo("Cannot evaluate condition (User.Account Tier IS ONE OF "
                + "['gold']) for setting 'plan' ('****' is not a valid semantic version). Please check the User.Account "
                + "Tier attribute and make sure that its value corresponds to the comparison operator.");
    }

    @Test
    void flagEvaluatedShowsNeitherTheIdentifierNorTheAttributesOfItsUser() {
        FlagEvaluated event = new FlagEvaluated("beta", true, "v-1", User.newBuilder().email("ann@example.com")
                .custom(java.util.Map.of("Account Tier", "platinum")).build("ann-4711"), false, null,
                java.time.Instant.EPOCH, null, null);
        assertThat(event.toString()).doesNotContain("ann-4711").doesNotContain("ann@example.com")
                .doesNotContain("platinum").contains("key=beta").contains("value=true").contains("variationId=v-1");
    }
}
