package io.flagbridge.internal.health;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.configcat.ConfigCatClient;
import com.configcat.User;

import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.Eventually;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.FakeSegment;
import io.flagbridge.testing.Fakes;
import io.flagbridge.testing.Fakes.Fake;
import io.flagbridge.testing.LogCapture;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The readiness checks, read through the MicroProfile Health API as a server's health endpoint reads them. */
@ExtendWith(Fakes.class)
class HealthTest {

    static final String KEY = "configcat-sdk-1/flagbridge-healthtest1/0123456789abcdefghijkl";
    static final String WRITE_KEY = "segment-write-key-health-0123456789";

    @Fake
    FakeConfigCatCdn cdn;
    @Fake
    FakeSegment segment;
    @Fake
    WeldApp app;

    @ApplicationScoped
    public static class Shop {
        @Inject
        ConfigCatClient client;

        boolean on(User user) {
            return client.getValue(Boolean.class, "on", user, false);
        }
    }

    Map<String, String> remote(String... more) {
        Map<String, String> config = new HashMap<>(Map.of("configcat.sdk-key", KEY, "configcat.base-url",
                cdn.baseUrl(), "configcat.poll-interval", "1", "configcat.max-init-wait", "0"));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        return config;
    }

    HealthCheckResponse check(String name) {
        List<HealthCheckResponse> responses = app.container().select(HealthCheck.class, Readiness.Literal.INSTANCE)
                .stream().map(HealthCheck::call).filter(response -> response.getName().equals(name)).toList();
        assertThat(responses).as("one check named " + name).hasSize(1);
        return responses.get(0);
    }

    Map<String, Object> data(HealthCheckResponse response) {
        return response.getData().orElseThrow();
    }

    @Test
    void noDataYetIsDownThenTheFirstConfigMakesItUp() {
        cdn.serve(KEY, ConfigJson.forCdn(cdn.baseUrl()).boolFlag("on", true, "v-on").build());
        cdn.stop();
        app = WeldApp.start(remote(), Shop.class);

        HealthCheckResponse down = Eventually.until(() -> check(ConfigCatReadiness.NAME),
                response -> data(response).containsKey("lastError"));
        assertThat(down.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(data(down)).containsEntry("cacheState", "NO_FLAG_DATA").doesNotContainKey("configAgeSeconds");
        assertThat((String) data(down).get("lastError")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z \\[1103\\] .*")
                .contains("java.net.ConnectException").doesNotContain("flagbridge-healthtest1");

        cdn.restart();
        HealthCheckResponse up = Eventually.until(() -> check(ConfigCatReadiness.NAME),
                response -> response.getStatus() == HealthCheckResponse.Status.UP);
        assertThat(up.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(data(up)).containsEntry("cacheState", "HAS_UP_TO_DATE_FLAG_DATA").containsKey("configAgeSeconds");
    }

    @Test
    void aRefusedSdkKeyIsDownWithItsErrorAndOneCodedLine() {
        // The fake CDN has no config for KEY: it answers 404, as ConfigCat's CDN answers a wrong SDK key.
        try (LogCapture log = LogCapture.of("io.flagbridge.configcat")) {
            app = WeldApp.start(remote("configcat.max-init-wait", "10"), Shop.class);
            Eventually.until(() -> cdn.requests(KEY), requests -> requests >= 3); // polled every second

            HealthCheckResponse refused = check(ConfigCatReadiness.NAME);
            assertThat(refused.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(data(refused)).containsEntry("cacheState", "NO_FLAG_DATA").doesNotContainKey(
                    "configAgeSeconds");
            assertThat((String) data(refused).get("lastError")).contains("[1100] Your SDK Key seems to be wrong")
                    .doesNotContain("flagbridge-healthtest1");
            assertThat(log.lines()).filteredOn(line -> line.startsWith("FLAGBRIDGE-")).containsExactly("FLAGBRIDGE-0500: "
                    + "configcat.sdk-key=****ijkl was refused by ConfigCat's CDN (HTTP 403 or 404: \"Your SDK Key "
                    + "seems to be wrong\"); expected the SDK key of a config and environment in ConfigCat's "
                    + "dashboard. Without config data every flag serves its default value: the readiness check "
                    + "flagbridge-configcat is DOWN and OpenFeature's provider FATAL until a config arrives");
        }
    }

    @Test
    void localFlagsAreUpFromTheStart() {
        app = WeldApp.start(Map.of("configcat.overrides.resource", "flags/simple.json",
                "configcat.overrides.behaviour", "local-only"), Shop.class);
        HealthCheckResponse up = check(ConfigCatReadiness.NAME);
        assertThat(up.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(data(up)).containsEntry("cacheState", "HAS_LOCAL_OVERRIDE_FLAG_DATA_ONLY")
                .containsEntry("configAgeSeconds", 0L).doesNotContainKey("lastError");
    }

    @Test
    void remoteFlagsStayUpWhenTheCdnGoesDownAndSayWhy() {
        cdn.serve(KEY, ConfigJson.forCdn(cdn.baseUrl()).boolFlag("on", true, "v-on").build());
        app = WeldApp.start(remote(), Shop.class);
        assertThat(Eventually.until(() -> check(ConfigCatReadiness.NAME),
                response -> response.getStatus() == HealthCheckResponse.Status.UP).getStatus())
                .isEqualTo(HealthCheckResponse.Status.UP);

        cdn.failWith(500);
        HealthCheckResponse failing = Eventually.until(() -> check(ConfigCatReadiness.NAME),
                response -> data(response).containsKey("lastError"));
        assertThat(failing.getStatus()).as("the flags it has are still served").isEqualTo(
                HealthCheckResponse.Status.UP);
        assertThat(data(failing)).containsKey("configAgeSeconds");
        assertThat((String) data(failing).get("lastError")).contains("[1101]").contains("500")
                .doesNotContain("flagbridge-healthtest1");

        cdn.stop();
        assertThat((String) Eventually.until(() -> check(ConfigCatReadiness.NAME),
                response -> ((String) data(response).get("lastError")).contains("[1103]")).getData().orElseThrow()
                .get("lastError")).contains("ConnectException");
        assertThat(check(ConfigCatReadiness.NAME).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void segmentIsUpWhenHealthyAndWhenDownWithItsCountersAndLastAttempts() {
        app = WeldApp.start(Map.of("configcat.overrides.resource", "flags/segment.json",
                "configcat.overrides.behaviour", "local-only", "segment.write-key", WRITE_KEY, "segment.endpoint",
                segment.baseUrl(), "segment.flush-interval", "PT1S", "segment.flush-size", "1",
                "segment.dedupe-window", "PT0S", "segment.retries", "1000"), Shop.class);
        HealthCheckResponse idle = check(SegmentReadiness.NAME);
        assertThat(idle.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(data(idle)).containsEntry("pending", 0L).containsEntry("sent", 0L).containsEntry("deduped", 0L)
                .containsEntry("dropped", 0L).containsEntry("failed", 0L).doesNotContainKeys("lastSuccess",
                        "lastFailure");

        Shop shop = app.select(Shop.class);
        shop.on(User.newBuilder().build("user-1"));
        HealthCheckResponse healthy = Eventually.until(() -> check(SegmentReadiness.NAME),
                response -> (Long) data(response).get("sent") == 2L);
        assertThat(healthy.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(data(healthy)).containsEntry("sent", 2L).containsEntry("pending", 0L).containsKey("lastSuccess")
                .doesNotContainKey("lastFailure");
        assertThat((String) data(healthy).get("lastSuccess")).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");

        segment.failWith500();
        shop.on(User.newBuilder().build("user-2"));
        HealthCheckResponse failing = Eventually.until(() -> check(SegmentReadiness.NAME),
                response -> data(response).containsKey("lastFailure"));
        assertThat(data(failing)).containsKey("lastFailure").containsEntry("sent", 2L).containsEntry("failed", 0L);
        assertThat(failing.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat((String) data(failing).get("lastFailure")).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z HTTP 500");
        assertThat((Long) data(failing).get("pending")).isPositive();

        segment.stop();
        HealthCheckResponse down = Eventually.until(() -> check(SegmentReadiness.NAME),
                response -> ((String) data(response).get("lastFailure")).endsWith("Exception"));
        assertThat((String) data(down).get("lastFailure")).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z .*Exception");
        assertThat(data(down)).containsEntry("sent", 2L).containsEntry("failed", 0L);
        assertThat(down.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(down.getData().orElseThrow().values()).allSatisfy(value -> assertThat(String.valueOf(value))
                .doesNotContain(WRITE_KEY).doesNotContain("user-"));
    }

    @Test
    void theChecksNameTheApplicationAndSayWhetherSegmentIsOn() {
        app = WeldApp.start(Map.of("configcat.overrides.resource", "flags/simple.json",
                "configcat.overrides.behaviour", "local-only", "flagbridge.application-name", "shop"), Shop.class);
        assertThat(data(check(ConfigCatReadiness.NAME))).containsEntry("application", "shop");
        assertThat(data(check(SegmentReadiness.NAME))).containsEntry("application", "shop")
                .containsEntry("enabled", false);
        app.close();

        app = WeldApp.start(Map.of("configcat.overrides.resource", "flags/simple.json",
                "configcat.overrides.behaviour", "local-only", "segment.write-key", WRITE_KEY, "segment.endpoint",
                segment.baseUrl()), Shop.class);
        // Weld SE gives an application no name: without flagbridge.application-name there is none to show.
        assertThat(data(check(ConfigCatReadiness.NAME))).doesNotContainKey("application");
        assertThat(data(check(SegmentReadiness.NAME))).doesNotContainKey("application").containsEntry("enabled",
                true);
    }

    /** As a server's health extension does: takes the checks' instances when the deployment is validated. */
    public static class EarlyReporter implements Extension {
        final List<HealthCheck> checks = new ArrayList<>();

        void takeChecks(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) AfterDeploymentValidation adv,
                BeanManager beanManager) {
            beanManager.createInstance().select(HealthCheck.class, Readiness.Literal.INSTANCE).forEach(checks::add);
        }
    }

    @Test
    void aServerMayTakeTheChecksBeforeFlagBridgeHasStarted() {
        EarlyReporter reporter = new EarlyReporter();
        app = WeldApp.startWith(reporter, Map.of("configcat.overrides.resource", "flags/simple.json",
                "configcat.overrides.behaviour", "local-only"), Shop.class);
        assertThat(reporter.checks).hasSize(2);
        assertThat(reporter.checks).extracting(check -> check.call().getStatus()).containsOnly(
                HealthCheckResponse.Status.UP);
    }

    @Test
    void turnedOffThereAreNoChecks() {
        app = WeldApp.start(Map.of("configcat.overrides.resource", "flags/simple.json",
                "configcat.overrides.behaviour", "local-only", "flagbridge.health.enabled", "false"), Shop.class);
        assertThat(app.container().select(HealthCheck.class, Any.Literal.INSTANCE).stream()).isEmpty();
    }

    @Test
    void anInvalidSwitchFailsTheDeployment() {
        assertThatThrownBy(() -> app = WeldApp.start(Map.of("configcat.overrides.resource", "flags/simple.json",
                "configcat.overrides.behaviour", "local-only", "flagbridge.health.enabled", "yes"), Shop.class))
                .satisfies(e -> assertThat(WeldApp.describe(e)).contains(
                        "FLAGBRIDGE-0090: flagbridge.health.enabled='yes' is invalid; expected true or false"));
    }

    @Test
    void withoutTheHealthApiFlagBridgeDeploysUnchanged() {
        app = WeldApp.startWithout(List.of("org.eclipse.microprofile.health"), Map.of(
                "configcat.overrides.resource", "flags/segment.json", "configcat.overrides.behaviour", "local-only"),
                Shop.class);
        assertThat(app.select(Shop.class).on(User.newBuilder().build("user-1"))).isTrue();
        assertThat(app.container().getBeanManager().getBeans(HealthCheck.class, Any.Literal.INSTANCE)).isEmpty();
    }
}
