package io.flagbridge.it.quarkus;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.flagbridge.it.support.QuickStart;
import io.flagbridge.it.support.SharedSegment;
import io.flagbridge.it.support.TestApps;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/quarkus.md's quick start, pasted into an empty folder and built by {@code mvn verify} against FlagBridge's
 * installed artifacts: its {@code @QuarkusTest} (the test kit's overrides and recording) passes as written, and the
 * application it builds, run as written with Segment pointed at a fake, gates the checkout, reads the text flag, is
 * ready, and sends the exposure.
 */
class QuickStartOnQuarkusIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void builtAsWrittenItsTestPassesAndItRunsAsTheDocumentationSays() throws Exception {
        Path project = QuickStart.build("quarkus-shop", QuickStart.files(Path.of("..", "docs", "quarkus.md"),
                "## Quick start"), "verify");
        assertThat(Files.readString(project.resolve("target/surefire-reports/com.example.shop.ShopResourceTest.txt")))
                .contains("Tests run: 3, Failures: 0, Errors: 0, Skipped: 0");

        SharedSegment.SEGMENT.clear();
        QuarkusRuns quarkus = new QuarkusRuns(project.resolve("target/quarkus-app/quarkus-run.jar"));
        quarkus.start("shop", Map.of("segment.write-key", TestApps.SEGMENT_WRITE_KEY, "segment.endpoint",
                SharedSegment.SEGMENT.baseUrl()));
        try {
            String url = quarkus.url("shop");
            assertThat(get(url + "api/shop/checkout", "ann")).isEqualTo("200 new checkout");
            assertThat(get(url + "api/shop/banner", "ann")).isEqualTo("200 Welcome!");
            JsonObject ready = JsonParser.parseString(get(url + "q/health/ready", null).substring(4))
                    .getAsJsonObject();
            assertThat(ready.getAsJsonArray("checks").asList()).anySatisfy(check -> assertThat(check.toString())
                    .contains("\"name\":\"flagbridge-configcat\"").contains("\"status\":\"UP\""));

            List<JsonObject> messages = SharedSegment.SEGMENT.awaitMessages(3, Duration.ofSeconds(20));
            assertThat(messages).extracting(m -> m.get("type").getAsString() + " " + m.get("userId").getAsString()
                    + (m.has("event") ? " " + m.getAsJsonObject("properties").get("feature_flag_key").getAsString()
                            : ""))
                    .containsExactlyInAnyOrder("identify ann", "track ann new-checkout", "track ann banner-text");
        } finally {
            quarkus.undeploy("shop");
        }
    }

    /** Status and body, with {@code X-User} when a user is named. */
    private static String get(String url, String user) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (user != null) {
            request.header("X-User", user);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
