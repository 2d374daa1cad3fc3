package io.flagbridge.internal.segment;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import com.configcat.User;
import com.google.gson.Gson;

import io.flagbridge.FlagEvaluated;
import io.flagbridge.internal.client.ConfigCatInternals;
import io.flagbridge.internal.config.ConfigReader;
import io.flagbridge.internal.config.SegmentSettings;

import static org.assertj.core.api.Assertions.assertThat;

/** The pieces of message building that were made cheaper: each must give what the plain way gives. */
class SegmentMessagesTest {

    static SegmentPrivacy privacy(String... config) {
        Map<String, String> values = new HashMap<>(Map.of("segment.write-key", "write-key-0123456789"));
        for (int i = 0; i < config.length; i += 2) {
            values.put(config[i], config[i + 1]);
        }
        ConfigReader reader = new ConfigReader(key -> Optional.ofNullable(values.get(key)));
        return new SegmentPrivacy(SegmentSettings.read(reader).orElseThrow(() -> new AssertionError(reader
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
        assertThat(ConfigCatInternals.userAttributes(everyKindOfAttribute())).get().asInstanceOf(
                InstanceOfAssertFactories.MAP).containsEntry("Email", "ann@example.com");
    }

    @Test
    void traitsFromTheUsersMapEqualTraitsFromItsJson() {
        for (SegmentPrivacy messages : List.of(privacy(), privacy("segment.private-attributes", "country,SEATS"),
                privacy("segment.user-attributes", "Email,plan,since"))) {
            User user = everyKindOfAttribute();
            Map<String, Object> traits = messages.traits(user);
            assertThat(traits).isEqualTo(messages.traitsFromJson(user));
            assertThat(List.copyOf(traits.keySet())).isEqualTo(List.copyOf(messages.traitsFromJson(user).keySet()));
        }
        Map<String, Object> all = privacy().traits(everyKindOfAttribute());
        assertThat(all).containsEntry("email", "ann@example.com").containsEntry("seats", 12.0)
                .doesNotContainKeys("identifier", "Identifier", "empty");
        assertThat(all.keySet()).startsWith("email", "country");
        assertThat(privacy().traits(User.newBuilder().build("bob"))).isEmpty();
    }

    @Test
    void messageIdsAreNameBasedUuids() {
        for (String name : List.of("", "flagbridge\u0000ann\u0000flag\u0000v1\u000042", "\u00e9\uD83D\uDE00")) {
            assertThat(MessageIds.nameUuid(name))
                    .isEqualTo(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
        }
        FlagEvaluated event = new FlagEvaluated("flag", true, "v1", null, false, null, Instant.EPOCH, null, null);
        assertThat(MessageIds.evaluated("ann", event, 7)).isEqualTo(UUID.nameUUIDFromBytes(
                "flagbridge\u0000ann\u0000flag\u0000v1\u00007".getBytes(StandardCharsets.UTF_8)).toString());
    }

    @Test
    void theSizeBoundIsNeverBelowTheSerialisedSize() {
        Gson gson = new Gson();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("feature_flag_key", "flag");
        message.put("value", 1.0 / 3);
        message.put("user", new LinkedHashMap<>(Map.of("identifier", "ann", "text", "<\u00e9\u2028\uD83D\uDE00>\n\"")));
        message.put("list", List.of(1, 2L, true, "x"));
        message.put("nothing", null);
        long exact = gson.toJson(message).getBytes(StandardCharsets.UTF_8).length;
        assertThat(MessageSize.upperBound(message, Long.MAX_VALUE / 2)).isGreaterThanOrEqualTo(exact);
        assertThat(MessageSize.upperBound("\u2028".repeat(100), Long.MAX_VALUE / 2))
                .isGreaterThanOrEqualTo(gson.toJson("\u2028".repeat(100)).getBytes(StandardCharsets.UTF_8).length);
        assertThat(MessageSize.upperBound(Map.of("d", new Date()), 1_000)).as("unknown types count as too large")
                .isGreaterThan(1_000);
    }

    @Test
    void aMessageNearTheLimitIsMeasuredExactly() {
        // 6,000 chars bound to 36,000 bytes, over the limit, but take about 6 KB: the exact size decides.
        Map<String, Object> message = Map.of("text", "x".repeat(6_000));
        assertThat(MessageSize.upperBound(message, MessageSize.MAX_PAYLOAD_BYTES))
                .isGreaterThan(MessageSize.MAX_PAYLOAD_BYTES);
        assertThat(MessageSize.fits(message)).isTrue();
        assertThat(MessageSize.fits(Map.of("text", "x".repeat(MessageSize.MAX_PAYLOAD_BYTES)))).isFalse();
    }
}
