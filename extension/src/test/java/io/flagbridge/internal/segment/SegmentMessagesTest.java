package io.flagbridge.internal.segment;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.google.gson.Gson;

import io.flagbridge.FlagEvaluated;
import io.flagbridge.internal.util.Secret;

import static org.assertj.core.api.Assertions.assertThat;

/** The pieces of message building that were made cheaper: each must give what the plain way gives. */
class SegmentMessagesTest {

    @Test
    void messageIdsAreUuidsOfTheApplicationsNamespace() {
        FlagEvaluated event = new FlagEvaluated("flag", true, "v1", null, false, null, Instant.EPOCH, null, null);
        MessageIds shop = MessageIds.of(Secret.of("shop-write-key-0123"), "production");
        String id = shop.evaluated("ann", null, event, 7);
        assertThat(UUID.fromString(id).version()).isEqualTo(3);
        assertThat(MessageIds.of(Secret.of("shop-write-key-0123"), "production").evaluated("ann", null, event, 7))
                .as("a replica").isEqualTo(id);
        assertThat(List.of(MessageIds.of(Secret.of("blog-write-key-0123"), "production").evaluated("ann", null,
                event, 7), MessageIds.of(Secret.of("shop-write-key-0123"), "staging").evaluated("ann", null, event, 7),
                shop.evaluated("ann", null, event, 8), shop.evaluated(null, "ann", event, 7),
                shop.evaluated("ann", null, new FlagEvaluated("flag", true, "v2", null, false, null, Instant.EPOCH,
                        null, null), 7)))
                .as("another application, environment, window, anonymous ID, variation")
                .doesNotHaveDuplicates().doesNotContain(id);
        assertThat(shop.identify("ann", 1, 2, 7)).isNotEqualTo(shop.identify("ann", 1, 3, 7))
                .isNotEqualTo(shop.identify("ann", 2, 1, 7)).isEqualTo(shop.identify("ann", 1, 2, 7));
        assertThat(shop.changed("sdk\u0000flag\u0000abc")).isNotEqualTo(shop.changed("sdk\u0000flag\u0000abd"));
    }

    @Test
    void aNewValueUnderTheSameVariationIdIsANewExposure() {
        // A hand-written config may change a value and keep its variation ID; Segment would drop the second exposure.
        MessageIds shop = MessageIds.of(Secret.of("shop-write-key-0123"), "production");
        FlagEvaluated before = new FlagEvaluated("banner", "Free shipping", "v-banner", null, false, null,
                Instant.EPOCH, null, null);
        FlagEvaluated after = new FlagEvaluated("banner", "Half price", "v-banner", null, false, null, Instant.EPOCH,
                null, null);
        assertThat(shop.evaluated("ann", null, after, 7)).isNotEqualTo(shop.evaluated("ann", null, before, 7));
        assertThat(MessageIds.of(Secret.of("shop-write-key-0123"), "production").evaluated("ann", null, after, 7))
                .as("a replica").isEqualTo(shop.evaluated("ann", null, after, 7));
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
