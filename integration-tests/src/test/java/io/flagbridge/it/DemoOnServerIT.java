package io.flagbridge.it;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.flagbridge.it.support.HeadlessChromium;
import io.flagbridge.it.support.OnServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

    /**
     * The page in a real browser (headless Chromium over the DevTools Protocol): it loads without console errors, a
     * click on Checkout adds a row, a shopper's name is shown as text (never markup), and after the simulation the
     * chart shows both variations of the 50/50 split. Skipped when no Chromium is installed.
     */
    @Test
    void thePageInARealBrowser() throws Exception {
        Optional<Path> binary = HeadlessChromium.find();
        assumeTrue(binary.isPresent(), "SKIPPED: no Chromium for the browser test of the demo page (looked for "
                + HeadlessChromium.NAMES + " on the PATH, or -Dit.chromium=...); on Debian: apt-get install -y chromium"
                + " chromium-driver (.ci/run does so as root)");
        deployer().deploy("demo");
        try (HeadlessChromium browser = HeadlessChromium.start(binary.get())) {
            browser.navigate("http://127.0.0.1:" + System.getProperty("it.http.port") + "/demo/");
            await("the page loaded and asked for its data").atMost(Duration.ofSeconds(30)).until(() -> browser
                    .evaluate("document.readyState === 'complete' && !document.getElementById('stats').innerHTML"
                            + ".includes('undefined') && document.getElementById('stats').children.length === 6")
                    .getAsBoolean());

            // A shopper whose name is markup: it must come back as text.
            String shopper = "<img src=x onerror=\"window.owned=1\">@example.com";
            browser.evaluate("document.getElementById('user').value = " + new com.google.gson.JsonPrimitive(shopper));
            int before = browser.evaluate("document.querySelectorAll('#messages tr.message').length").getAsInt();
            browser.evaluate("document.getElementById('checkout').click()");
            await("a Checkout Completed row for the shopper").atMost(Duration.ofSeconds(30)).until(() -> browser.evaluate(
                    "[...document.querySelectorAll('#messages tr.message')].some(row => row.cells[2].textContent"
                            + " === 'Checkout Completed' && row.cells[3].textContent === "
                            + new com.google.gson.JsonPrimitive(shopper) + ")")
                    .getAsBoolean());
            assertThat(browser.evaluate("document.querySelectorAll('#messages tr.message').length").getAsInt())
                    .isGreaterThan(before);
            assertThat(browser.evaluate("document.querySelectorAll('#messages img').length").getAsInt()).isZero();
            assertThat(browser.evaluate("window.owned === undefined").getAsBoolean()).isTrue();

            browser.evaluate("document.getElementById('simulate').click()");
            await("both variations of newCheckout in the chart").atMost(Duration.ofSeconds(60)).until(() -> browser
                    .evaluate("['v-new-checkout', 'v-classic-checkout'].every(v => [...document.querySelectorAll("
                            + "'#chart g.variation[data-flag=newCheckout]')].some(g => g.dataset.variation === v"
                            + " && Number(g.dataset.count) > 0))")
                    .getAsBoolean());
            assertThat(browser.evaluate("document.getElementById('health').textContent").getAsString()).isNotBlank()
                    .doesNotContain("Asking the server");
            // The OpenTelemetry panel: the demo's SDK collection of FlagBridge's metrics, with the simulation's
            // evaluations of newCheckout by variation and reason, and Segment's messages by outcome.
            await("FlagBridge's OpenTelemetry metrics on the page").atMost(Duration.ofSeconds(30)).until(() -> browser
                    .evaluate("(t => t.includes('flagbridge.evaluations') && t.includes('flagbridge.segment.messages')"
                            + " && t.includes('key=newCheckout reason=split variant=v-new-checkout')"
                            + " && t.includes('outcome=sent'))(document.getElementById('metrics').textContent)")
                    .getAsBoolean());
            assertThat(browser.errors()).as("console errors and failed loads of the page").isEmpty();
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
