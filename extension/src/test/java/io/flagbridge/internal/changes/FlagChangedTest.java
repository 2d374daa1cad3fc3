package io.flagbridge.internal.changes;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.configcat.ConfigCatClient;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.flagbridge.FlagChanged;
import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.FakeSegment;
import io.flagbridge.testing.Fakes;
import io.flagbridge.testing.Fakes.Fake;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;

/** SDK-detected changes: FlagChanged events and Segment's "Feature Flag Changed" with segment.changed.source=sdk. */
@ExtendWith(Fakes.class)
class FlagChangedTest {

    static final String KEY = "configcat-sdk-1/flagbridge-changes-001/0123456789abcdefghijkl";

    @Fake
    FakeConfigCatCdn cdn;
    @Fake
    FakeSegment segment;
    @Fake
    WeldApp app;

    @ApplicationScoped
    public static class Changes {
        static final List<FlagChanged> SYNC = new CopyOnWriteArrayList<>();
        static final List<FlagChanged> ASYNC = new CopyOnWriteArrayList<>();

        void sync(@Observes FlagChanged change) {
            SYNC.add(change);
        }

        void async(@ObservesAsync FlagChanged change) {
            ASYNC.add(change);
        }
    }

    String flags(boolean checkout) {
        return ConfigJson.forCdn(cdn.baseUrl()).boolFlag("checkout", checkout, checkout ? "v-on" : "v-off")
                .textFlag("plan", "basic", "v-basic").build();
    }

    ConfigCatClient start(String... more) {
        Changes.SYNC.clear();
        Changes.ASYNC.clear();
        Map<String, String> config = new HashMap<>(Map.of("configcat.sdk-key", KEY, "configcat.base-url",
                cdn.baseUrl(), "configcat.polling-mode", "manual", "segment.write-key", "changes-write-key-123",
                "segment.endpoint", segment.baseUrl(), "segment.flush-size", "1", "segment.flush-interval", "PT1S"));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        app = WeldApp.start(config, Changes.class);
        return app.select(ConfigCatClient.class);
    }

    @Test
    void oneEventPerChangedFlagNoneAtFirstLoadNoneForTheSameConfig() {
        cdn.serve(KEY, flags(false));
        ConfigCatClient client = start();
        client.forceRefresh();
        assertThat(Changes.SYNC).as("first load").isEmpty();

        cdn.serve(KEY, flags(false) + " "); // the same settings in other bytes: a new ETag, a 200
        int notModified = cdn.notModifiedResponses(KEY);
        assertThat(client.forceRefresh().isSuccess()).isTrue();
        assertThat(cdn.notModifiedResponses(KEY)).as("the client got the new document, not a 304")
                .isEqualTo(notModified);
        assertThat(Changes.SYNC).as("identical config").isEmpty();

        cdn.serve(KEY, flags(true));
        client.forceRefresh();
        assertThat(Changes.SYNC).singleElement().satisfies(change -> {
            assertThat(change.key()).isEqualTo("checkout");
            assertThat(change.kind()).isEqualTo(FlagChanged.Kind.CHANGED);
            assertThat(change.source()).isEqualTo(FlagChanged.Source.SDK);
            assertThat(change.details()).isEqualTo("default value: false -> true");
        });
        app.close();
        app = null;
        assertThat(Changes.ASYNC).extracting(FlagChanged::key).containsExactly("checkout");
        assertThat(segment.messages()).as("segment.changed.source defaults to off without a webhook").isEmpty();
    }

    @Test
    void withSdkAsTheSourceSegmentGetsFeatureFlagChanged() {
        cdn.serve(KEY, flags(false));
        ConfigCatClient client = start("segment.changed.source", "sdk", "configcat.product-id", "p-1",
                "configcat.product-name", "Shop", "configcat.config-id", "c-1", "configcat.config-name", "Main",
                "configcat.environment-id", "e-1", "configcat.environment-name", "Production");
        client.forceRefresh();
        cdn.serve(KEY, flags(true));
        client.forceRefresh();

        JsonObject track = segment.awaitMessages(1, Duration.ofSeconds(10)).get(0);
        assertThat(track.get("event").getAsString()).isEqualTo("Feature Flag Changed");
        assertThat(track.get("anonymousId").getAsString()).isEqualTo("configcat");
        assertThat(track.get("properties")).isEqualTo(JsonParser.parseString("{\"details\":\"checkout: default "
                + "value: false -> true\",\"product_id\":\"p-1\",\"product_name\":\"Shop\",\"config_id\":\"c-1\","
                + "\"config_name\":\"Main\",\"environment_id\":\"e-1\",\"environment_name\":\"Production\"}"));
        assertThat(track.getAsJsonObject("context").get("integration")).isEqualTo(
                JsonParser.parseString("{\"name\":\"configcat\",\"version\":\"1.0.0\"}"));
    }
}
