package io.flagbridge.it;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

import io.flagbridge.it.support.OnServer;
import io.flagbridge.it.support.SharedCdn;
import io.flagbridge.it.support.SharedSegment;
import io.flagbridge.it.support.TestApps;
import io.flagbridge.testing.ConfigJson;

import static io.flagbridge.it.support.TestApps.HANDOVER;
import static io.flagbridge.it.support.TestApps.HANDOVER_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request's user on other threads, on WildFly (standalone-microprofile.xml: Jakarta Concurrency) and Open Liberty
 * (mpContextPropagation-1.3, concurrent-3.0): a request of alice hands a gate on a flag that is on for alice only to
 * each kind of executor; which of them carry FlagBridge's context is what docs/request.md lists per server.
 */
public class HandoverOnMicroProfileIT extends OnServer {

    @Deployment(name = HANDOVER, managed = false)
    public static WebArchive handover() {
        return TestApps.archive(HANDOVER);
    }

    /** What each way of handing work on gives alice, per server ("no beta": the task had no user). */
    static Map<String, String> expected(String server) {
        Map<String, String> expected = new LinkedHashMap<>();
        boolean liberty = server.equals("liberty");
        // Liberty's DefaultContextService propagates its own context types (class loader, naming, security) only.
        expected.put("default-executor", liberty ? "no beta" : "beta");
        expected.put("defined-executor", "beta");
        expected.put("asynchronous", liberty ? "no beta" : "beta");
        expected.put("mp-executor", liberty ? "beta" : "unavailable");
        expected.put("mp-flagbridge-only", liberty ? "beta" : "unavailable");
        return expected;
    }

    @Test
    void workHandedOnByARequestIsEvaluatedForTheRequestsUserAndSendsItsExposure() {
        SharedCdn.CDN.serve(HANDOVER_KEY, ConfigJson.forCdn(SharedCdn.CDN.baseUrl())
                .boolFlag("aliceOnly", false, "v-others", new ConfigJson.Rule("Identifier",
                        ConfigJson.TextComparator.IS_ONE_OF, List.of("alice"), Boolean.TRUE, "v-alice"))
                .build());
        SharedSegment.SEGMENT.clear();
        server().deploy(HANDOVER);
        try {
            assertThat(server().call(HANDOVER, "refresh", Map.of())).isEqualTo("ok");
            Map<String, String> seen = new LinkedHashMap<>();
            for (String via : expected(System.getProperty("it.server")).keySet()) {
                seen.put(via, server().get(HANDOVER, "api/handover/" + via + "?user=alice").body());
            }
            assertThat(seen).isEqualTo(expected(System.getProperty("it.server")));
            // Only work on other threads evaluated so far: its exposure is alice's.
            List<JsonObject> tracks = SharedSegment.SEGMENT.awaitMessages(2, Duration.ofSeconds(20)).stream()
                    .filter(message -> message.get("type").getAsString().equals("track")).toList();
            assertThat(tracks).isNotEmpty().allSatisfy(track -> {
                assertThat(track.get("userId").getAsString()).isEqualTo("alice");
                assertThat(track.getAsJsonObject("properties").get("variation_id").getAsString())
                        .isEqualTo("v-alice");
            });
            assertThat(server().get(HANDOVER, "api/handover/here?user=bob").body()).isEqualTo("no beta");
        } finally {
            server().undeploy(HANDOVER);
        }
    }
}
