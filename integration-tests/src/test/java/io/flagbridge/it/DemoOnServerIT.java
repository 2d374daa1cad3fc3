package io.flagbridge.it;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.flagbridge.it.support.OnServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The demo WAR, exactly as the demo module builds it, on WildFly and Open Liberty. */
public class DemoOnServerIT extends OnServer {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Deployment(name = "demo", managed = false)
    public static WebArchive demo() {
        File war = new File(System.getProperty("it.demo.war", "../demo/target/demo.war"));
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }

    @Test
    void gatedEndpointsAnswerTheSinkGetsTheMessagesAndThePageListsThem() throws Exception {
        deployer().deploy("demo");
        try {
            assertThat(get("api/shop/checkout")).isEqualTo("200 New one-page checkout");
            assertThat(get("api/shop/search?q=shoes")).isEqualTo("200 Classic search for 'shoes': [shoes]");
            assertThat(get("api/shop/banner")).isEqualTo("200 Free shipping this week!");

            // The demo's own Segment sink receives "Feature Flag Evaluated"; the page's data lists it.
            JsonObject track = await("a Feature Flag Evaluated message for newCheckout").atMost(Duration.ofSeconds(20))
                    .until(this::checkoutTrack, Objects::nonNull);
            assertThat(track.get("userId").getAsString()).isEqualTo("ann@example.com");
            assertThat(track.getAsJsonObject("properties").get("value").getAsBoolean()).isTrue();
            assertThat(track.getAsJsonObject("context").getAsJsonObject("integration").get("name").getAsString())
                    .isEqualTo("configcat");

            String page = get("");
            assertThat(page).startsWith("200 ").contains("Segment messages (newest first)")
                    .contains("fetch(api + 'events')");
        } finally {
            deployer().undeploy("demo");
        }
    }

    private JsonObject checkoutTrack() {
        try {
            String body = get("api/events").substring(4);
            for (JsonElement message : JsonParser.parseString(body).getAsJsonObject().getAsJsonArray("messages")) {
                JsonObject m = message.getAsJsonObject();
                if (m.has("event") && m.get("event").getAsString().equals("Feature Flag Evaluated")
                        && m.getAsJsonObject("properties").get("feature_flag_key").getAsString().equals("newCheckout")) {
                    return m;
                }
            }
            return null;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + System.getProperty("it.http.port") + "/demo/" + path)).header("X-User", "ann@example.com")
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
