package io.flagbridge.test.kit;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.configcat.ConfigCatClient;

import io.flagbridge.test.Gated;
import io.flagbridge.test.TestFlags;
import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.Fakes;
import io.flagbridge.testing.Fakes.Fake;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Overrides win over remote flags (from a fake ConfigCat CDN) and over a flag file in each override behaviour. */
@ExtendWith(Fakes.class)
class RemoteFlagsTest {

    static final String KEY = "configcat-sdk-1/flagbridge-kitremote01/secret-part-of-key-001";

    @Fake
    FakeConfigCatCdn cdn;
    @Fake
    WeldApp app;

    @BeforeEach
    void serve() {
        cdn.serve(KEY, ConfigJson.forCdn(cdn.baseUrl()).textFlag("greeting", "remote hello", "v-remote")
                .intFlag("seats", 5, "v-5").boolFlag("beta", false, "v-beta-off").build());
    }

    TestFlags start(String... more) {
        Map<String, String> config = new HashMap<>(Map.of("configcat.sdk-key", KEY, "configcat.base-url",
                cdn.baseUrl() + "/", "configcat.max-init-wait", "10"));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        app = WeldApp.start(config, Gated.class);
        return app.select(TestFlags.class);
    }

    ConfigCatClient client() {
        return app.select(ConfigCatClient.class);
    }

    @Test
    void overridesWinOverRemoteFlagsAndAreReadAsTheirRemoteType() {
        TestFlags flags = start();
        assertThat(client().getValue(String.class, "greeting", "")).isEqualTo("remote hello");
        flags.set("greeting", "override");
        flags.set("seats", "9");
        assertThat(client().getValue(String.class, "greeting", "")).isEqualTo("override");
        assertThat(client().getValue(Integer.class, "seats", 0)).isEqualTo(9);
        assertThatThrownBy(() -> flags.set("seats", "nine")).hasMessageStartingWith("FLAGBRIDGE-0202: TestFlags.set "
                + "gives whole number flag 'seats' the value \"nine\"");
        flags.clearAll();
        assertThat(client().getValue(String.class, "greeting", "")).isEqualTo("remote hello");
        assertThat(client().getValue(Integer.class, "seats", 0)).isEqualTo(5);
    }

    @Test
    void localOverRemote() {
        TestFlags flags = start("configcat.overrides.resource", "flags/kit-flags.json",
                "configcat.overrides.behaviour", "local-over-remote");
        assertThat(client().getValue(String.class, "greeting", "")).isEqualTo("hello");
        assertThat(client().getValue(Integer.class, "seats", 0)).isEqualTo(5);
        flags.set("greeting", "override");
        assertThat(client().getValue(String.class, "greeting", "")).isEqualTo("override");
        flags.clear("greeting");
        assertThat(client().getValue(String.class, "greeting", "")).isEqualTo("hello");
    }

    @Test
    void remoteOverLocal() {
        TestFlags flags = start("configcat.overrides.resource", "flags/kit-flags.json",
                "configcat.overrides.behaviour", "remote-over-local");
        assertThat(client().getValue(String.class, "greeting", "")).isEqualTo("remote hello");
        assertThat(client().getValue(Double.class, "ratio", 0.0)).isEqualTo(0.5); // only in the file
        flags.set("greeting", "override");
        flags.set("ratio", 0.125);
        assertThat(client().getValue(String.class, "greeting", "")).isEqualTo("override");
        assertThat(client().getValue(Double.class, "ratio", 0.0)).isEqualTo(0.125);
        flags.clearAll();
        assertThat(client().getValue(String.class, "greeting", "")).isEqualTo("remote hello");
    }
}
