package io.flagbridge.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.configcat.ConfigCatClient;
import com.configcat.EvaluationDetails;
import com.configcat.PercentageOption;
import com.configcat.PollingModes;
import com.configcat.RefreshResult;
import com.configcat.TargetingRule;
import com.configcat.User;
import com.configcat.UserCondition;

import io.flagbridge.testing.ConfigJson.Percentage;
import io.flagbridge.testing.ConfigJson.Rule;
import io.flagbridge.testing.ConfigJson.TextComparator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves {@link FakeConfigCatCdn} and {@link ConfigJson} against the real ConfigCat Java SDK.
 * Every test uses its own SDK key because {@code ConfigCatClient.get} keeps one client per key.
 */
class FakeConfigCatCdnTest {

    private static final String KEY_SUFFIX = "flagbridge-fake-cdn-00"; // 22 characters

    private FakeConfigCatCdn cdn;

    @BeforeEach
    void startCdn() {
        cdn = FakeConfigCatCdn.start();
    }

    @AfterEach
    void stopCdn() {
        cdn.close();
    }

    @Test
    void configJsonHasTheV6Shape() {
        String json = ConfigJson.forCdn("http://127.0.0.1:1").withSalt("s")
                .boolFlag("b", true, "vb")
                .textFlag("t", "basic", "vt", new Rule("Email", TextComparator.CONTAINS_ANY_OF,
                        List.of("@example.com"), "premium", "vp"))
                .intFlag("i", 42, "vi")
                .doubleFlag("d", 0.5, "vd")
                .boolPercentageFlag("p", false, "vx", new Percentage(50, true, "v1"), new Percentage(50, false, "v0"))
                .build();

        assertEquals("{\"p\":{\"u\":\"http://127.0.0.1:1\",\"r\":0,\"s\":\"s\"},\"f\":{"
                + "\"b\":{\"t\":0,\"v\":{\"b\":true},\"i\":\"vb\"},"
                + "\"t\":{\"t\":1,\"r\":[{\"c\":[{\"u\":{\"a\":\"Email\",\"c\":2,\"l\":[\"@example.com\"]}}],"
                + "\"s\":{\"v\":{\"s\":\"premium\"},\"i\":\"vp\"}}],\"v\":{\"s\":\"basic\"},\"i\":\"vt\"},"
                + "\"i\":{\"t\":2,\"v\":{\"i\":42},\"i\":\"vi\"},"
                + "\"d\":{\"t\":3,\"v\":{\"d\":0.5},\"i\":\"vd\"},"
                + "\"p\":{\"t\":0,\"p\":[{\"p\":50,\"v\":{\"b\":true},\"i\":\"v1\"},{\"p\":50,\"v\":{\"b\":false},\"i\":\"v0\"}],"
                + "\"v\":{\"b\":false},\"i\":\"vx\"}}}", json);
    }

    @Test
    void servesBooleanIntAndDoubleFlagsWithVariationIds() throws IOException {
        String key = sdkKey("simple-flags");
        cdn.serve(key, baseConfig().build());

        try (ConfigCatClient client = client(key)) {
            RefreshResult refresh = client.forceRefresh();
            assertTrue(refresh.isSuccess(), refresh.error());

            EvaluationDetails<Boolean> checkout = client.getValueDetails(Boolean.class, "newCheckout", false);
            assertEquals(true, checkout.getValue());
            assertEquals("v-checkout-on", checkout.getVariationId());
            assertFalse(checkout.isDefaultValue());
            assertNull(checkout.getMatchedTargetingRule());
            assertNull(checkout.getMatchedPercentageOption());

            EvaluationDetails<Integer> maxItems = client.getValueDetails(Integer.class, "maxItems", 0);
            assertEquals(42, maxItems.getValue());
            assertEquals("v-max-items", maxItems.getVariationId());

            EvaluationDetails<Double> discount = client.getValueDetails(Double.class, "discount", 0.0);
            assertEquals(0.15, discount.getValue());
            assertEquals("v-discount", discount.getVariationId());
        }
        assertEquals(1, cdn.requests(key));
    }

    @Test
    void textFlagTargetsExampleDotComEmails() throws IOException {
        String key = sdkKey("text-rule");
        cdn.serve(key, baseConfig().build());

        try (ConfigCatClient client = client(key)) {
            assertTrue(client.forceRefresh().isSuccess());

            User insider = User.newBuilder().email("ann@example.com").build("ann");
            EvaluationDetails<String> premium = client.getValueDetails(String.class, "plan", insider, "none");
            assertEquals("premium", premium.getValue());
            assertEquals("v-premium", premium.getVariationId());
            TargetingRule rule = premium.getMatchedTargetingRule();
            assertNotNull(rule);
            UserCondition condition = rule.getConditions()[0].getUserCondition();
            assertEquals("Email", condition.getComparisonAttribute());
            assertEquals(2, condition.getComparator());
            assertArrayEquals(new String[] { "@example.com" }, condition.getStringArrayValue());
            assertNull(premium.getMatchedPercentageOption());

            User outsider = User.newBuilder().email("bob@other.org").build("bob");
            EvaluationDetails<String> basic = client.getValueDetails(String.class, "plan", outsider, "none");
            assertEquals("basic", basic.getValue());
            assertEquals("v-basic", basic.getVariationId());
            assertNull(basic.getMatchedTargetingRule());

            assertEquals("basic", client.getValue(String.class, "plan", "none"), "no user: rule skipped");
        }
    }

    @Test
    void percentageFlagSplitsUsersAndReportsTheOption() throws IOException {
        String key = sdkKey("percentage");
        cdn.serve(key, baseConfig().build());

        try (ConfigCatClient client = client(key)) {
            assertTrue(client.forceRefresh().isSuccess());

            Set<Boolean> seen = new HashSet<>();
            int on = 0;
            for (int i = 0; i < 200; i++) {
                User user = User.newBuilder().build("user-" + i);
                EvaluationDetails<Boolean> details = client.getValueDetails(Boolean.class, "betaBanner", user, false);
                PercentageOption option = details.getMatchedPercentageOption();
                assertNotNull(option, "user-" + i);
                assertEquals(50, option.getPercentage());
                assertEquals(option.getVariationId(), details.getVariationId());
                assertEquals(details.getValue() ? "v-beta-on" : "v-beta-off", details.getVariationId());
                assertEquals(details.getValue(), client.getValue(Boolean.class, "betaBanner", user, false),
                        "same user, same answer");
                seen.add(details.getValue());
                on += details.getValue() ? 1 : 0;
            }
            assertEquals(Set.of(true, false), seen);
            assertTrue(on > 60 && on < 140, "roughly half on, was " + on);

            EvaluationDetails<Boolean> anonymous = client.getValueDetails(Boolean.class, "betaBanner", false);
            assertEquals("v-beta-nouser", anonymous.getVariationId());
            assertNull(anonymous.getMatchedPercentageOption());
        }
    }

    @Test
    void changedConfigIsSeenAfterForceRefresh() throws IOException {
        String key = sdkKey("changed");
        cdn.serve(key, baseConfig().build());

        try (ConfigCatClient client = client(key)) {
            assertTrue(client.forceRefresh().isSuccess());
            assertTrue(client.getValue(Boolean.class, "newCheckout", false));

            cdn.serve(key, baseConfig().boolFlag("newCheckout", false, "v-checkout-off").build());
            assertTrue(client.getValue(Boolean.class, "newCheckout", false), "manual poll: cached until refreshed");

            assertTrue(client.forceRefresh().isSuccess());
            EvaluationDetails<Boolean> details = client.getValueDetails(Boolean.class, "newCheckout", true);
            assertFalse(details.getValue());
            assertEquals("v-checkout-off", details.getVariationId());
        }
        assertEquals(2, cdn.requests(key));
        assertEquals(0, cdn.notModifiedResponses(key));
    }

    @Test
    void unchangedConfigIsAnswered304AndKept() throws IOException {
        String key = sdkKey("not-modified");
        cdn.serve(key, baseConfig().build());

        try (ConfigCatClient client = client(key)) {
            assertTrue(client.forceRefresh().isSuccess());
            long firstFetch = client.getValueDetails(Boolean.class, "newCheckout", false).getFetchTimeUnixMilliseconds();

            cdn.serve(key, baseConfig().build()); // same JSON, same ETag
            RefreshResult refresh = client.forceRefresh();

            assertTrue(refresh.isSuccess(), refresh.error());
            assertEquals(2, cdn.requests(key));
            assertEquals(1, cdn.notModifiedResponses(key));
            EvaluationDetails<Boolean> details = client.getValueDetails(Boolean.class, "newCheckout", false);
            assertTrue(details.getValue());
            assertEquals("v-checkout-on", details.getVariationId());
            assertTrue(details.getFetchTimeUnixMilliseconds() >= firstFetch, "304 refreshes the fetch time");
        }
    }

    @Test
    void serverErrorKeepsTheOldValues() throws IOException {
        String key = sdkKey("http-500");
        cdn.serve(key, baseConfig().build());

        try (ConfigCatClient client = client(key)) {
            assertTrue(client.forceRefresh().isSuccess());

            cdn.failWith(500);
            cdn.serve(key, baseConfig().boolFlag("newCheckout", false, "v-checkout-off").build());
            RefreshResult failed = client.forceRefresh();

            assertFalse(failed.isSuccess());
            assertTrue(failed.error().contains("500"), failed.error());
            assertEquals(2, cdn.requests(key));
            EvaluationDetails<Boolean> kept = client.getValueDetails(Boolean.class, "newCheckout", false);
            assertTrue(kept.getValue());
            assertEquals("v-checkout-on", kept.getVariationId());
            assertFalse(kept.isDefaultValue());

            cdn.recover();
            assertTrue(client.forceRefresh().isSuccess());
            assertFalse(client.getValue(Boolean.class, "newCheckout", true));
        }
    }

    @Test
    void garbageJsonKeepsTheOldValues() throws IOException {
        String key = sdkKey("garbage");
        cdn.serve(key, baseConfig().build());

        try (ConfigCatClient client = client(key)) {
            assertTrue(client.forceRefresh().isSuccess());

            cdn.serveGarbage();
            RefreshResult failed = client.forceRefresh();

            assertFalse(failed.isSuccess());
            assertTrue(failed.error().contains("content was invalid"), failed.error());
            assertEquals(42, client.getValue(Integer.class, "maxItems", 0));
        }
    }

    @Test
    void stoppedServerKeepsTheOldValuesAndRestartOnSamePortServesNewConfig() throws IOException {
        String key = sdkKey("stop-restart");
        cdn.serve(key, baseConfig().build());
        String baseUrl = cdn.baseUrl();

        try (ConfigCatClient client = client(key)) {
            assertTrue(client.forceRefresh().isSuccess());

            cdn.stop();
            RefreshResult failed = client.forceRefresh();
            assertFalse(failed.isSuccess());
            assertTrue(failed.error().startsWith("Unexpected error occurred while trying to fetch config JSON"),
                    failed.error());
            assertEquals("premium", client.getValue(String.class, "plan",
                    User.newBuilder().email("ann@example.com").build("ann"), "none"));
            assertEquals(1, cdn.requests(key), "a stopped server sees nothing");

            cdn.serve(key, baseConfig().textFlag("plan", "free", "v-free").build());
            cdn.restart();
            assertEquals(baseUrl, cdn.baseUrl());

            RefreshResult refreshed = client.forceRefresh();
            assertTrue(refreshed.isSuccess(), refreshed.error());
            EvaluationDetails<String> plan = client.getValueDetails(String.class, "plan",
                    User.newBuilder().email("ann@example.com").build("ann"), "none");
            assertEquals("free", plan.getValue());
            assertEquals("v-free", plan.getVariationId());
            assertEquals(2, cdn.requests(key));
        }
    }

    @Test
    void unknownSdkKeyIsAnswered404() throws IOException {
        String key = sdkKey("unknown-key");

        try (ConfigCatClient client = client(key)) {
            RefreshResult failed = client.forceRefresh();

            assertFalse(failed.isSuccess());
            assertTrue(failed.error().startsWith("Your SDK Key seems to be wrong"), failed.error());
            EvaluationDetails<Boolean> details = client.getValueDetails(Boolean.class, "newCheckout", false);
            assertFalse(details.getValue());
            assertTrue(details.isDefaultValue());
            assertNotNull(details.getError());
        }
        assertEquals(1, cdn.requests(key));
    }

    @Test
    void etagFollowsTheContent() throws IOException, InterruptedException {
        String key = sdkKey("etag");
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create(cdn.baseUrl() + "/configuration-files/" + key + "/config_v6.json");
        cdn.serve(key, baseConfig().build());

        HttpResponse<String> first = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertEquals(200, first.statusCode());
        assertEquals(baseConfig().build(), first.body());

        HttpRequest conditional = HttpRequest.newBuilder(uri).header("If-None-Match", etag).build();
        assertEquals(304, http.send(conditional, HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpRequest weak = HttpRequest.newBuilder(uri).header("If-None-Match", "W/" + etag).build();
        assertEquals(304, http.send(weak, HttpResponse.BodyHandlers.ofString()).statusCode());

        cdn.serve(key, baseConfig().intFlag("maxItems", 7, "v-max-7").build());
        HttpResponse<String> changed = http.send(conditional, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, changed.statusCode());
        assertFalse(etag.equals(changed.headers().firstValue("ETag").orElseThrow()));

        HttpRequest post = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build();
        assertEquals(405, http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(4, cdn.requests(key));
        assertEquals(2, cdn.notModifiedResponses(key));
    }

    @Test
    void handlerThreadsAreNamedDaemonsAndEndOnClose() throws IOException, InterruptedException {
        FakeConfigCatCdn own = FakeConfigCatCdn.start();
        String prefix = "fake-configcat-cdn-" + URI.create(own.baseUrl()).getPort() + "-";
        URI uri = URI.create(own.baseUrl() + "/configuration-files/" + sdkKey("threads") + "/config_v6.json");
        HttpClient http = HttpClient.newHttpClient();
        assertEquals(404, http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode());

        List<Thread> handlers = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(prefix)).toList();
        assertFalse(handlers.isEmpty());
        assertTrue(handlers.stream().allMatch(Thread::isDaemon));

        own.close();
        for (Thread handler : handlers) {
            handler.join(5_000);
            assertFalse(handler.isAlive(), handler.getName());
        }
        assertThrows(IOException.class,
                () -> http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()));
    }

    private ConfigJson baseConfig() {
        return ConfigJson.forCdn(cdn.baseUrl())
                .boolFlag("newCheckout", true, "v-checkout-on")
                .textFlag("plan", "basic", "v-basic", new Rule("Email", TextComparator.CONTAINS_ANY_OF,
                        List.of("@example.com"), "premium", "v-premium"))
                .boolPercentageFlag("betaBanner", false, "v-beta-nouser",
                        new Percentage(50, true, "v-beta-on"), new Percentage(50, false, "v-beta-off"))
                .intFlag("maxItems", 42, "v-max-items")
                .doubleFlag("discount", 0.15, "v-discount");
    }

    private ConfigCatClient client(String sdkKey) {
        return ConfigCatClient.get(sdkKey, options -> {
            options.baseUrl(cdn.baseUrl());
            options.pollingMode(PollingModes.manualPoll());
        });
    }

    /** A well-formed {@code configcat-sdk-1/<22>/<22>} key, distinct per label. */
    private static String sdkKey(String label) {
        String first = String.format("%-22.22s", label).replace(' ', '-');
        return "configcat-sdk-1/" + first + "/" + KEY_SUFFIX;
    }
}
