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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Order;
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
@Order(2) // early in the run: its own application's OkHttp daemons end long before ThreadsLeftOnServerIT
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

            // The flag inventory: the gated checkout evaluated and declared by its method, dark mode never evaluated.
            JsonObject inventory = JsonParser.parseString(get("api/inventory").substring(4)).getAsJsonObject();
            assertThat(flag(inventory, "newCheckout").get("state").getAsString()).isEqualTo("evaluated");
            assertThat(flag(inventory, "newCheckout").getAsJsonArray("declaredAt").get(0).getAsString())
                    .isEqualTo("@FeatureFlag on io.flagbridge.demo.ShopResource.checkout()");
            assertThat(flag(inventory, "bannerText").get("evaluations").getAsLong()).isEqualTo(1);
            assertThat(flag(inventory, "darkMode").get("state").getAsString()).isEqualTo("never_evaluated");
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
            // The experiment's outcome: the simulation's 100 shoppers in the two arms, each checkout they completed
            // attributed to the arm they saw, and the plain sentence.
            String simulated = await("the simulation's answer").atMost(Duration.ofSeconds(30)).until(() -> browser
                    .evaluate("document.getElementById('answer').textContent").getAsString(),
                    answer -> answer.contains("100 shoppers, "));
            Matcher completed = Pattern.compile("100 shoppers, (\\d+) completed a checkout").matcher(simulated);
            assertThat(completed.find()).as(simulated).isTrue();
            await("the outcome of both arms").atMost(Duration.ofSeconds(30)).until(() -> browser.evaluate(
                    "(rows => rows.length === 2 && rows.reduce((n, r) => n + Number(r.dataset.exposures), 0) === 100"
                            + " && rows.reduce((n, r) => n + Number(r.dataset.conversions), 0) === "
                            + completed.group(1) + ")([...document.querySelectorAll('#outcome tr.variation')]"
                            + ".filter(r => ['v-new-checkout', 'v-classic-checkout'].includes(r.dataset.variation)))")
                    .getAsBoolean());
            assertThat(browser.evaluate("document.getElementById('sentence').textContent").getAsString()).matches(
                    "new checkout converts \\d+% \\[\\d+-\\d+%\\] vs classic checkout \\d+% \\[\\d+-\\d+%\\] "
                            + "\\(95% intervals, \\d+ and \\d+ shoppers\\); the intervals .+");
            // The inventory panel: every flag of the demo's config with its state and where the code names it.
            await("the inventory panel").atMost(Duration.ofSeconds(30)).until(() -> browser.evaluate(
                    "(row => row !== null && row.dataset.state === 'evaluated' && row.textContent.includes("
                            + "'@FeatureFlag on io.flagbridge.demo.ShopResource.checkout()'))(document.querySelector("
                            + "'#inventory tr.flag[data-key=newCheckout]'))"
                            + " && document.querySelector('#inventory tr.flag[data-key=darkMode]').dataset.state"
                            + " === 'never_evaluated'")
                    .getAsBoolean());
            String screenshot = System.getProperty("it.demo.screenshot", "");
            if (!screenshot.isBlank()) {
                browser.evaluate("document.getElementById('user').value = 'ann@example.com'");
                browser.screenshot(Path.of(screenshot), 1280);
            }
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

    private static JsonObject flag(JsonObject inventory, String key) {
        for (JsonElement flag : inventory.getAsJsonArray("flags")) {
            if (flag.getAsJsonObject().get("key").getAsString().equals(key)) {
                return flag.getAsJsonObject();
            }
        }
        throw new AssertionError("no flag " + key + " in " + inventory);
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
