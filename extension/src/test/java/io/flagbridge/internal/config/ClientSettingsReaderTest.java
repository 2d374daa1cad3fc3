package io.flagbridge.internal.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.configcat.DataGovernance;
import com.configcat.LogLevel;
import com.configcat.OverrideBehaviour;

import static org.assertj.core.api.Assertions.assertThat;

class ClientSettingsReaderTest {

    static final String KEY = "configcat-sdk-1/ABCDEFGHIJKLMNOPQRSTUV/abcdefghijklmnopqrstuv";
    static final String EXPECTED_FLAG_JSON = "expected a JSON object with a \"flags\" object of boolean, text or number "
            + "values, or a full ConfigCat config JSON with an \"f\" object";

    @TempDir
    Path dir;

    private final Map<String, String> config = new HashMap<>(Map.of("configcat.sdk-key", KEY));

    private ConfigReader reader;

    private Optional<ClientSettings> read() {
        reader = new ConfigReader(key -> Optional.ofNullable(config.get(key)));
        return ClientSettingsReader.read(reader, getClass().getClassLoader());
    }

    private ClientSettings valid() {
        ClientSettings settings = read().orElseThrow(() -> new AssertionError(reader.problems()));
        assertThat(reader.problems()).isEmpty();
        return settings;
    }

    private List<String> problems() {
        assertThat(read()).isEmpty();
        return reader.problems();
    }

    @Test
    void defaults() {
        ClientSettings settings = valid();
        assertThat(settings.sdkKey().reveal()).isEqualTo(KEY);
        assertThat(settings.polling()).isEqualTo(ClientSettings.Polling.AUTO);
        assertThat(settings.pollIntervalSeconds()).isEqualTo(60);
        assertThat(settings.maxInitWaitSeconds()).isEqualTo(5);
        assertThat(settings.cacheRefreshIntervalSeconds()).isEqualTo(60);
        assertThat(settings.baseUrl()).isEmpty();
        assertThat(settings.dataGovernance()).isEqualTo(DataGovernance.GLOBAL);
        assertThat(settings.offline()).isFalse();
        assertThat(settings.logLevel()).isEqualTo(LogLevel.WARNING);
        assertThat(settings.overrides()).isEmpty();
    }

    @Test
    void everyKeyWithAValidValue() throws Exception {
        Path flags = Files.writeString(dir.resolve("flags.json"), "{\"flags\":{\"a\":true}}");
        config.putAll(Map.of("configcat.polling-mode", "LAZY", "configcat.poll-interval", "5",
                "configcat.max-init-wait", "0", "configcat.cache-refresh-interval", "30", "configcat.base-url",
                "http://127.0.0.1:8181/", "configcat.data-governance", "eu-only", "configcat.offline", "true",
                "configcat.log-level", "no-log", "configcat.overrides.file", flags.toString()));
        config.put("configcat.overrides.behaviour", "remote-over-local");
        config.put("configcat.overrides.auto-reload", "true");

        ClientSettings settings = valid();

        assertThat(settings.polling()).isEqualTo(ClientSettings.Polling.LAZY);
        assertThat(settings.pollIntervalSeconds()).isEqualTo(5);
        assertThat(settings.maxInitWaitSeconds()).isZero();
        assertThat(settings.cacheRefreshIntervalSeconds()).isEqualTo(30);
        assertThat(settings.baseUrl()).contains("http://127.0.0.1:8181");
        assertThat(settings.dataGovernance()).isEqualTo(DataGovernance.EU_ONLY);
        assertThat(settings.offline()).isTrue();
        assertThat(settings.logLevel()).isEqualTo(LogLevel.NO_LOG);
        Overrides overrides = settings.overrides().orElseThrow();
        assertThat(overrides.file()).contains(flags.toAbsolutePath());
        assertThat(overrides.behaviour()).isEqualTo(OverrideBehaviour.REMOTE_OVER_LOCAL);
        assertThat(overrides.autoReload()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "configcat.polling-mode | sometimes | FLAGBRIDGE-0003: configcat.polling-mode='sometimes' is invalid; expected auto, lazy or manual",
            "configcat.poll-interval | 0 | FLAGBRIDGE-0004: configcat.poll-interval='0' is invalid; expected a whole number of seconds >= 1",
            "configcat.poll-interval | 1.5 | FLAGBRIDGE-0004: configcat.poll-interval='1.5' is invalid; expected a whole number of seconds >= 1",
            "configcat.max-init-wait | -1 | FLAGBRIDGE-0005: configcat.max-init-wait='-1' is invalid; expected a whole number of seconds >= 0",
            "configcat.max-init-wait | PT5S | FLAGBRIDGE-0005: configcat.max-init-wait='PT5S' is invalid; expected a whole number of seconds >= 0",
            "configcat.cache-refresh-interval | 0 | FLAGBRIDGE-0006: configcat.cache-refresh-interval='0' is invalid; expected a whole number of seconds >= 1",
            "configcat.base-url | cdn.example.com | FLAGBRIDGE-0007: configcat.base-url='cdn.example.com' is invalid; expected an absolute http or https URL without query or fragment",
            "configcat.base-url | https://cdn.example.com:70000 | FLAGBRIDGE-0007: configcat.base-url='https://cdn.example.com:70000' is invalid; expected an absolute http or https URL without query or fragment",
            "configcat.base-url | ftp://cdn.example.com | FLAGBRIDGE-0007: configcat.base-url='ftp://cdn.example.com' is invalid; expected an absolute http or https URL without query or fragment",
            "configcat.data-governance | eu | FLAGBRIDGE-0008: configcat.data-governance='eu' is invalid; expected global or eu-only",
            "configcat.offline | yes | FLAGBRIDGE-0009: configcat.offline='yes' is invalid; expected true or false",
            "configcat.log-level | verbose | FLAGBRIDGE-0010: configcat.log-level='verbose' is invalid; expected debug, info, warning, error or no-log",
            "configcat.overrides.auto-reload | 1 | FLAGBRIDGE-0014: configcat.overrides.auto-reload='1' is invalid; expected true or false",
    })
    void invalidValue(String key, String value, String message) throws Exception {
        config.put(key, value);
        if (key.startsWith("configcat.overrides.")) {
            config.put("configcat.overrides.file",
                    Files.writeString(dir.resolve("flags.json"), "{\"flags\":{}}").toString());
        }
        assertThat(problems()).containsExactly(message);
    }

    @Test
    void missingSdkKey() {
        config.remove("configcat.sdk-key");
        assertThat(problems()).containsExactly("FLAGBRIDGE-0001: configcat.sdk-key is not set; it is required unless "
                + "configcat.overrides.behaviour=local-only");
    }

    @Test
    void malformedSdkKeyIsMaskedInTheMessage() {
        config.put("configcat.sdk-key", "configcat-sdk-1/secretsecret/wxyz");
        assertThat(problems()).containsExactly("FLAGBRIDGE-0002: configcat.sdk-key='****wxyz' is invalid; expected "
                + "configcat-sdk-1/<22 characters>/<22 characters>, <22 characters>/<22 characters>, or "
                + "configcat-proxy/<name> together with configcat.base-url");
        assertThat(String.join("\n", reader.problems())).doesNotContain("secretsecret");
    }

    @ParameterizedTest
    @CsvSource({ "ABCDEFGHIJKLMNOPQRSTUV/abcdefghijklmnopqrstuv,false",
            "configcat-sdk-1/ABCDEFGHIJKLMNOPQRSTUV/abcdefghijklmnopqrstuv,false", "configcat-proxy/shop,true" })
    void sdkKeyFormats(String key, boolean customBaseUrl) {
        config.put("configcat.sdk-key", key);
        if (customBaseUrl) {
            config.put("configcat.base-url", "https://proxy.example.com");
        }
        assertThat(valid().sdkKey().reveal()).isEqualTo(key);
    }

    @Test
    void proxyKeyNeedsABaseUrl() {
        config.put("configcat.sdk-key", "configcat-proxy/shop");
        assertThat(problems()).singleElement().asString().startsWith("FLAGBRIDGE-0002: configcat.sdk-key='****shop'");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        config.put("configcat.polling-mode", "often");
        config.put("configcat.log-level", "loud");
        config.remove("configcat.sdk-key");
        assertThat(problems()).extracting(p -> p.substring(0, 15)).containsExactly("FLAGBRIDGE-0003",
                "FLAGBRIDGE-0010", "FLAGBRIDGE-0001");
    }

    @Test
    void localOnlyNeedsNoSdkKeyAndGetsOneOfItsOwn() {
        config.remove("configcat.sdk-key");
        config.put("configcat.overrides.resource", "flags/simple.json");
        config.put("configcat.overrides.behaviour", "local-only");

        ClientSettings first = valid();
        ClientSettings second = valid();

        assertThat(first.localOnly()).isTrue();
        assertThat(first.sdkKey().reveal()).startsWith("flagbridge-local-only/")
                .isNotEqualTo(second.sdkKey().reveal());
        Overrides.Resource resource = first.overrides().orElseThrow().resource().orElseThrow();
        assertThat(resource.name()).isEqualTo("flags/simple.json");
        assertThat(resource.content()).contains("\"flags\"");
    }

    @Test
    void localOnlyAcceptsAnyNonBlankKey() {
        config.put("configcat.sdk-key", "local");
        config.put("configcat.overrides.resource", "/flags/simple.json");
        config.put("configcat.overrides.behaviour", "local-only");
        assertThat(valid().sdkKey().reveal()).isEqualTo("local");
    }

    @Test
    void behaviourDefaultsToLocalOverRemote() {
        config.put("configcat.overrides.resource", "flags/full-config.json");
        assertThat(valid().overrides().orElseThrow().behaviour()).isEqualTo(OverrideBehaviour.LOCAL_OVER_REMOTE);
    }

    @Test
    void invalidBehaviour() {
        config.put("configcat.overrides.resource", "flags/simple.json");
        config.put("configcat.overrides.behaviour", "local-first");
        assertThat(problems()).containsExactly("FLAGBRIDGE-0013: configcat.overrides.behaviour='local-first' is invalid; "
                + "expected local-only, local-over-remote or remote-over-local");
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("missing.json");
        config.put("configcat.overrides.file", missing.toString());
        assertThat(problems()).containsExactly("FLAGBRIDGE-0011: configcat.overrides.file='" + missing
                + "' is invalid; no readable file is there (" + missing + "); expected the path of a readable file");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"flags\": | it is not valid JSON",
            "[1] | it is not a JSON object",
            "{\"flags\":[]} | its \"flags\" is not an object",
            "{\"flags\":{\"a\":{\"b\":1}}} | flag 'a' is not a boolean, text or number",
            "{\"features\":{}} | it has neither a \"flags\" nor an \"f\" object",
    })
    void malformedFile(String content, String problem) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.json"), content, StandardCharsets.UTF_8);
        config.put("configcat.overrides.file", file.toString());
        assertThat(problems()).containsExactly("FLAGBRIDGE-0011: configcat.overrides.file='" + file + "' is invalid; "
                + problem + "; " + EXPECTED_FLAG_JSON);
    }

    @Test
    void missingResource() {
        config.put("configcat.overrides.resource", "nowhere.json");
        assertThat(problems()).containsExactly("FLAGBRIDGE-0012: configcat.overrides.resource='nowhere.json' is "
                + "invalid; the application's class loader has no such resource; expected a resource name such as "
                + "flags.json (in WEB-INF/classes or a jar of WEB-INF/lib)");
    }

    @Test
    void aMissingResourceOfLocalOnlyFlagsIsOneProblemNotTwo() {
        config.remove("configcat.sdk-key");
        config.put("configcat.overrides.resource", "flag.json"); // a typo of flags.json
        config.put("configcat.overrides.behaviour", "local-only");
        assertThat(problems()).singleElement().asString().startsWith("FLAGBRIDGE-0012: configcat.overrides.resource="
                + "'flag.json' is invalid");
    }

    @Test
    void malformedResource() {
        config.put("configcat.overrides.resource", "flags/malformed.json");
        assertThat(problems()).containsExactly("FLAGBRIDGE-0012: configcat.overrides.resource='flags/malformed.json' "
                + "is invalid; it is not valid JSON; " + EXPECTED_FLAG_JSON);
    }

    @Test
    void fileAndResourceTogether() throws Exception {
        config.put("configcat.overrides.file", Files.writeString(dir.resolve("f.json"), "{\"flags\":{}}").toString());
        config.put("configcat.overrides.resource", "flags/simple.json");
        assertThat(problems()).containsExactly("FLAGBRIDGE-0015: configcat.overrides.file and "
                + "configcat.overrides.resource are both set; expected at most one of them");
    }

    @Test
    void behaviourWithoutFlags() {
        config.put("configcat.overrides.behaviour", "local-only");
        assertThat(problems()).containsExactly("FLAGBRIDGE-0016: configcat.overrides.behaviour='local-only' has no "
                + "local flags to apply; expected configcat.overrides.file or configcat.overrides.resource to be set "
                + "as well");
    }

    @Test
    void autoReloadOfAResource() {
        config.put("configcat.overrides.resource", "flags/simple.json");
        config.put("configcat.overrides.auto-reload", "true");
        assertThat(problems()).containsExactly("FLAGBRIDGE-0017: configcat.overrides.auto-reload=true works only with "
                + "configcat.overrides.file; a resource of the application (configcat.overrides.resource) cannot "
                + "change while it runs");
    }

    @Test
    void settingsNeverPrintTheKey() {
        assertThat(valid().toString()).contains("sdkKey=****stuv").doesNotContain(KEY);
    }
}
