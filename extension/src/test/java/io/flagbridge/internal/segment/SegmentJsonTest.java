package io.flagbridge.internal.segment;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.segment.analytics.gson.AutoValueAdapterFactory;
import com.segment.analytics.gson.ISO8601DateAdapter;
import com.segment.analytics.gson.ISO8601InstantAdapter;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.MessageBuilder;
import com.segment.analytics.messages.TrackMessage;

import io.flagbridge.FlagChanged;
import io.flagbridge.FlagEvaluated;
import io.flagbridge.internal.changes.ChangeNotice;
import io.flagbridge.internal.config.ChangeSettings;
import io.flagbridge.internal.config.ConfigReader;
import io.flagbridge.internal.config.SegmentSettings;
import io.flagbridge.internal.privacy.UserPrivacy;

import static org.assertj.core.api.Assertions.assertThat;

/** FlagBridge's direct JSON equals what analytics-java's builders and Gson adapters write. */
class SegmentJsonTest {

    static final long TIMESTAMP = 1_700_000_000_123L;
    /** analytics-java's own Gson: its AutoValue and date adapters. */
    static final Gson GSON = new GsonBuilder().registerTypeAdapterFactory(new AutoValueAdapterFactory())
            .registerTypeAdapter(Instant.class, new ISO8601InstantAdapter())
            .registerTypeAdapter(Date.class, new ISO8601DateAdapter()).create();

    static Map<String, Object> everyKindOfValue() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("text", "quote \" backslash \\ newline \n tab \t bell \u0007 line sep \u2028 html <&>=' é 😀");
        values.put("empty", "");
        values.put("yes", true);
        values.put("int", 12);
        values.put("long", 1L << 40);
        values.put("double", 0.1);
        values.put("whole double", 3.0);
        values.put("big double", 1.0e21);
        values.put("float", 1.5f);
        values.put("date", new Date(TIMESTAMP));
        values.put("list", Arrays.asList("a", 1, null, List.of(true)));
        values.put("nothing", null);
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("identifier", "ann");
        nested.put("plan", "gold");
        nested.put("gone", null);
        values.put("nested", nested);
        return values;
    }

    static JsonElement theirs(MessageBuilder<?, ?> builder) {
        return JsonParser.parseString(GSON.toJson(builder.build()));
    }

    static JsonElement ours(byte[] json) {
        return JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
    }

    @Test
    void aTrackEqualsAnalyticsJavasTrack() {
        byte[] json = SegmentJson.message("track", "id-1", TIMESTAMP, SegmentMessages.CONTEXT, "ann", null,
                SegmentMessages.EVALUATED, "properties", everyKindOfValue());
        assertThat(ours(json)).isEqualTo(theirs(TrackMessage.builder(SegmentMessages.EVALUATED).userId("ann")
                .messageId("id-1").timestamp(new Date(TIMESTAMP)).context(SegmentMessages.CONTEXT)
                .properties(withoutNulls(everyKindOfValue()))));
    }

    @Test
    void anAnonymousTrackEqualsAnalyticsJavasTrack() {
        byte[] json = SegmentJson.message("track", "id-2", TIMESTAMP, SegmentMessages.CONTEXT, null, "shop",
                SegmentMessages.EVALUATED, "properties", Map.of("feature_flag_key", "flag", "value", false));
        assertThat(ours(json)).isEqualTo(theirs(TrackMessage.builder(SegmentMessages.EVALUATED).anonymousId("shop")
                .messageId("id-2").timestamp(new Date(TIMESTAMP)).context(SegmentMessages.CONTEXT)
                .properties(Map.of("feature_flag_key", "flag", "value", false))));
    }

    @Test
    void anIdentifyEqualsAnalyticsJavasIdentify() {
        byte[] json = SegmentJson.message("identify", "id-3", TIMESTAMP, SegmentMessages.CONTEXT, "ann", null, null,
                "traits", everyKindOfValue());
        assertThat(ours(json)).isEqualTo(theirs(IdentifyMessage.builder().userId("ann").messageId("id-3")
                .timestamp(new Date(TIMESTAMP)).context(SegmentMessages.CONTEXT)
                .traits(withoutNulls(everyKindOfValue()))));
    }

    @Test
    void anEmptyPayloadIsAnEmptyObject() {
        byte[] json = SegmentJson.message("identify", "id-4", TIMESTAMP, SegmentMessages.CONTEXT, "bob", null, null,
                "traits", Map.of());
        assertThat(ours(json).getAsJsonObject().get("traits").toString()).isEqualTo("{}");
    }

    @Test
    void aFeatureFlagChangedTrackEqualsAnalyticsJavasTrack() {
        Map<String, String> config = Map.of("segment.write-key", "write-key-0123456789", "configcat.product-name",
                "Shop");
        ConfigReader reader = new ConfigReader(key -> Optional.ofNullable(config.get(key)));
        SegmentSettings segment = SegmentSettings.read(reader).orElseThrow();
        SegmentMessages messages = new SegmentMessages(segment, ChangeSettings.read(reader).orElseThrow(),
                "production", new UserPrivacy(segment));
        FlagChanged change = new FlagChanged("checkout", FlagChanged.Kind.CHANGED, FlagChanged.Source.WEBHOOK,
                "default value: false -> true", Instant.ofEpochMilli(TIMESTAMP), "c-1", "Main", "e-1", "Production",
                "https://app.configcat.com/c-1", "Ann \"A\" Lee", "ann@example.com", null);
        JsonElement ours = ours(messages.changed(new ChangeNotice(change, "webhook\u0000wh-1\u0000checkout")));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("details", "checkout: default value: false -> true");
        properties.put("product_name", "Shop");
        properties.put("config_id", "c-1");
        properties.put("config_name", "Main");
        properties.put("environment_id", "e-1");
        properties.put("environment_name", "Production");
        properties.put("url", "https://app.configcat.com/c-1");
        properties.put("user_email", "ann@example.com");
        properties.put("user_full_name", "Ann \"A\" Lee");
        assertThat(ours).isEqualTo(theirs(TrackMessage.builder(SegmentMessages.CHANGED).userId("ann@example.com")
                .messageId(ours.getAsJsonObject().get("messageId").getAsString()).timestamp(new Date(TIMESTAMP))
                .context(SegmentMessages.CONTEXT).properties(properties)));
    }

    @Test
    void anEmptyVariationIdIsNeverSent() {
        Map<String, String> config = Map.of("segment.write-key", "write-key-0123456789");
        ConfigReader reader = new ConfigReader(key -> Optional.ofNullable(config.get(key)));
        SegmentSettings segment = SegmentSettings.read(reader).orElseThrow();
        SegmentMessages messages = new SegmentMessages(segment, ChangeSettings.read(reader).orElseThrow(),
                "production", new UserPrivacy(segment));
        FlagEvaluated event = new FlagEvaluated("flag", true, "", null, false, null, Instant.ofEpochMilli(TIMESTAMP),
                null, null);
        assertThat(ours(messages.evaluated(event, "ann", Map.of(), 1)).getAsJsonObject().getAsJsonObject(
                "properties").keySet()).containsExactly("feature_flag_key", "value", "user");
    }

    /** analytics-java's builders refuse null values (its ImmutableMap); FlagBridge's writer leaves them out. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> withoutNulls(Map<String, Object> values) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (value instanceof Map<?, ?> map) {
                copy.put(key, withoutNulls((Map<String, Object>) map));
            } else if (value != null) {
                copy.put(key, value instanceof List<?> list ? new ArrayList<>(list) : value);
            }
        });
        return copy;
    }
}
