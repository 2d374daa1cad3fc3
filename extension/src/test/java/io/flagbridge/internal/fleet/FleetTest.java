package io.flagbridge.internal.fleet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.configcat.ConfigCatClient;
import com.configcat.User;
import com.google.gson.JsonObject;

import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.FakeSegment;
import io.flagbridge.testing.Fakes;
import io.flagbridge.testing.Fakes.Fake;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many replicas and many applications on one Segment, which keeps one message per {@code messageId} (the fake does
 * the same): replicas of one application collapse, other applications never lose a message to them.
 */
@ExtendWith(Fakes.class)
class FleetTest {

    static final String SHOP_KEY = "shop-write-key-0123456789";
    static final String BLOG_KEY = "blog-write-key-0123456789";
    static final String SDK_KEY = "configcat-sdk-1/flagbridge-fleet-00001/0123456789abcdefghijkl";

    @Fake
    FakeSegment segment;
    @Fake
    FakeConfigCatCdn cdn;
    final List<WeldApp> apps = new ArrayList<>();

    @ApplicationScoped
    public static class Shop {
        @Inject
        ConfigCatClient client;

        boolean on(User user) {
            return client.getValue(Boolean.class, "on", user, false);
        }
    }

    @BeforeEach
    void start() {
        segment.dedupeByMessageId();
    }

    @AfterEach
    void stop() {
        apps.forEach(WeldApp::close);
    }

    WeldApp app(String writeKey, String... more) {
        Map<String, String> config = new HashMap<>(Map.of("configcat.overrides.resource", "flags/segment.json",
                "configcat.overrides.behaviour", "local-only", "segment.write-key", writeKey, "segment.endpoint",
                segment.baseUrl(), "segment.flush-interval", "PT1S", "segment.flush-size", "1"));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        WeldApp app = WeldApp.start(config, Shop.class);
        apps.add(app);
        return app;
    }

    /** Stops every application: its queued events reach the dispatcher and everything pending reaches Segment. */
    void deliver() {
        apps.forEach(WeldApp::close);
        apps.clear();
    }

    static User ann() {
        return User.newBuilder().email("ann@example.com").build("1");
    }

    @Test
    void replicasOfOneApplicationCollapseAndOtherApplicationsLoseNothing() {
        WeldApp shop1 = app(SHOP_KEY, "configcat.environment-id", "production");
        WeldApp shop2 = app(SHOP_KEY, "configcat.environment-id", "production");
        WeldApp staging = app(SHOP_KEY, "configcat.environment-id", "staging");
        WeldApp blog = app(BLOG_KEY, "configcat.environment-id", "production");
        for (WeldApp app : List.of(shop1, shop2, staging, blog)) {
            assertThat(app.select(Shop.class).on(ann())).isTrue();
        }
        deliver();

        // Four installations sent identify + track each; the two replicas of the shop in production are one.
        assertThat(segment.messages("track")).hasSize(3);
        assertThat(segment.messages("identify")).hasSize(3);
        assertThat(segment.duplicates()).isEqualTo(2);
        assertThat(segment.messages()).allSatisfy(m -> assertThat(m.get("messageId").getAsString()).hasSizeLessThan(
                101));
    }

    @Test
    void anonymousExposuresOfTwoApplicationsAreTwo() {
        app(SHOP_KEY, "segment.anonymous-id", "anonymous").select(Shop.class).on(null);
        app(BLOG_KEY, "segment.anonymous-id", "anonymous").select(Shop.class).on(null);
        deliver();
        assertThat(segment.messages("track")).hasSize(2);
        assertThat(segment.duplicates()).isZero();
    }

    @Test
    void everyChangeOfAUsersTraitsIsIdentifiedEvenBackToEarlierTraits() {
        Shop shop = app(SHOP_KEY, "segment.dedupe-window", "PT0S").select(Shop.class);
        // Two traits whose Map.toString is the same, {a=1.0, b=2.0}, then back to the first.
        Map<String, Object> numbers = new LinkedHashMap<>(Map.of("a", 1, "b", 2));
        List<Map<String, Object>> traits = List.of(numbers, Map.of("a", "1.0, b=2.0"), numbers);
        for (Map<String, Object> custom : traits) {
            shop.on(User.newBuilder().custom(custom).build("1"));
        }
        deliver();
        List<JsonObject> identifies = segment.messages("identify");
        assertThat(identifies).as("each of the three identifies reached Segment").hasSize(3);
        assertThat(identifies.get(2).get("traits")).isEqualTo(identifies.get(0).get("traits"));
        assertThat(segment.duplicates()).isZero();
    }

    String flags(boolean on) {
        return ConfigJson.forCdn(cdn.baseUrl()).boolFlag("checkout", on, on ? "v-on" : "v-off").build();
    }

    @Test
    void oneChangeSeenByThreeReplicasIsOneFeatureFlagChangedAndAnotherApplicationStillGetsItsOwn()
            throws Exception {
        cdn.serve(SDK_KEY, flags(false));
        String[] remote = { "configcat.sdk-key", SDK_KEY, "configcat.base-url", cdn.baseUrl(),
                "configcat.polling-mode", "manual", "segment.changed.source", "sdk", "configcat.overrides.resource",
                "", "configcat.overrides.behaviour", "" };
        List<WeldApp> shops = List.of(app(SHOP_KEY, remote), app(SHOP_KEY, remote), app(SHOP_KEY, remote));
        WeldApp blog = app(BLOG_KEY, remote);
        List<WeldApp> all = new ArrayList<>(shops);
        all.add(blog);
        for (WeldApp app : all) {
            app.select(ConfigCatClient.class).forceRefresh();
        }
        cdn.serve(SDK_KEY, flags(true));
        for (WeldApp app : all) {
            app.select(ConfigCatClient.class).forceRefresh();
            Thread.sleep(1_100); // each replica notices the change in another second
        }
        deliver();

        List<JsonObject> changes = segment.tracks("Feature Flag Changed");
        assertThat(changes).as("one for the shop's three replicas, one for the blog").hasSize(2);
        Set<String> ids = changes.stream().map(m -> m.get("messageId").getAsString()).collect(Collectors.toSet());
        assertThat(ids).hasSize(2);
        assertThat(segment.duplicates()).isEqualTo(2);
    }
}
