package io.flagbridge.it;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipFile;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.flagbridge.it.support.OnServer;
import io.flagbridge.it.support.QuickStart;
import io.flagbridge.it.support.SharedSegment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The README's quick start, pasted into an empty folder and built by Maven against FlagBridge's installed artifacts,
 * deployed to WildFly and Open Liberty. The test changes one thing only: the write key placeholder, and where Segment
 * is (the fake one).
 */
@Order(2) // early in the run: its own application's OkHttp daemons end long before ThreadsLeftOnServerIT
public class QuickStartOnServerIT extends OnServer {

    static final String WRITE_KEY = "quickstart-write-key-0123456789";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Deployment(name = "shop", managed = false)
    public static WebArchive shop() {
        WebArchive war = ShrinkWrap.createFromZipFile(WebArchive.class, QuickStart.war());
        String properties = QuickStart.files().get(QuickStart.PROPERTIES);
        if (!properties.contains(QuickStart.WRITE_KEY_PLACEHOLDER)) {
            throw new AssertionError("the quick start's properties have no " + QuickStart.WRITE_KEY_PLACEHOLDER);
        }
        war.delete("/WEB-INF/classes/META-INF/microprofile-config.properties");
        war.addAsResource(new StringAsset(properties.replace(QuickStart.WRITE_KEY_PLACEHOLDER, WRITE_KEY)
                + "segment.endpoint=" + SharedSegment.SEGMENT.baseUrl() + "\n"), "META-INF/microprofile-config.properties");
        return war;
    }

    @Test
    void theQuickStartWarBundlesExactlyWhatTheReadmeLists() throws IOException {
        File war = QuickStart.war();
        Set<String> bundled = new TreeSet<>();
        try (ZipFile zip = new ZipFile(war)) {
            zip.stream().map(entry -> entry.getName())
                    .filter(name -> name.startsWith("WEB-INF/lib/") && name.endsWith(".jar"))
                    .forEach(name -> bundled.add(name.substring("WEB-INF/lib/".length())));
        }
        assertThat(bundled).isEqualTo(QuickStart.bundledJars());
    }

    @Test
    void theInterceptorsSbomListsTheSameJarsWithTheirLicences() throws IOException {
        assumeFalse(System.getProperty("it.maven.settings", "").equals("offline=true"),
                "Maven ran offline (-o): the CycloneDX plugin made no SBOM (it requires online mode)");
        Path sbom = Path.of(System.getProperty("it.interceptor.sbom"));
        JsonObject bom = JsonParser.parseString(Files.readString(sbom)).getAsJsonObject();
        List<JsonObject> components = new ArrayList<>();
        components.add(bom.getAsJsonObject("metadata").getAsJsonObject("component"));
        bom.getAsJsonArray("components").forEach(component -> components.add(component.getAsJsonObject()));

        assertThat(components).extracting(c -> c.get("name").getAsString() + "-" + c.get("version").getAsString() + ".jar")
                .containsExactlyInAnyOrderElementsOf(QuickStart.bundledJars());
        assertThat(components).allSatisfy(c -> assertThat(c.getAsJsonArray("licenses"))
                .as("licences of %s", c.get("name")).isNotEmpty());
    }

    @Test
    void deployedAsWrittenItGatesTheCheckoutAndItsFirstSegmentMessagesArriveWithinSeconds() throws Exception {
        SharedSegment.SEGMENT.clear();
        deployer().deploy("shop");
        try {
            // Anonymous first: no user, so no Segment message for it.
            assertThat(get("api/shop/checkout", null)).isEqualTo("200 new checkout");
            assertThat(get("api/shop/checkout", "ann")).isEqualTo("200 new checkout");
            assertThat(get("api/shop/banner", "ann")).isEqualTo("200 Welcome!");

            List<JsonObject> tracks = await("ann's two exposures at Segment").atMost(Duration.ofSeconds(10))
                    .until(() -> SharedSegment.SEGMENT.tracks("Feature Flag Evaluated"), t -> t.size() >= 2);
            assertThat(tracks).extracting(t -> t.get("userId").getAsString()).containsOnly("ann");
            assertThat(tracks).extracting(t -> t.getAsJsonObject("properties").get("feature_flag_key").getAsString())
                    .containsExactlyInAnyOrder("new-checkout", "banner-text");
            List<JsonObject> identifies = SharedSegment.SEGMENT.messages("identify");
            assertThat(identifies).hasSize(1);
            assertThat(identifies.get(0).get("userId").getAsString()).isEqualTo("ann");
            assertThat(identifies.get(0).getAsJsonObject("traits").get("email").getAsString())
                    .isEqualTo("ann@example.com");
            assertThat(SharedSegment.SEGMENT.messages()).hasSize(3);
            assertThat(SharedSegment.SEGMENT.requests()).extracting(r -> r.writeKey()).containsOnly(WRITE_KEY);
        } finally {
            deployer().undeploy("shop");
        }
    }

    private static String get(String path, String user) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + System.getProperty("it.http.port") + "/shop/" + path)).timeout(Duration.ofSeconds(30));
        if (user != null) {
            request.header("X-User", user);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
