package io.flagbridge.internal.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import com.configcat.DataGovernance;
import com.configcat.LogLevel;
import com.configcat.OverrideBehaviour;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import static io.flagbridge.internal.config.ConfigReader.words;

/** Turns the {@code configcat.*} keys into {@link ClientSettings}, reporting every bad value to the reader. */
public final class ClientSettingsReader {

    public static final String SDK_KEY = "configcat.sdk-key";
    public static final String POLLING_MODE = "configcat.polling-mode";
    public static final String POLL_INTERVAL = "configcat.poll-interval";
    public static final String MAX_INIT_WAIT = "configcat.max-init-wait";
    public static final String CACHE_REFRESH_INTERVAL = "configcat.cache-refresh-interval";
    public static final String BASE_URL = "configcat.base-url";
    public static final String DATA_GOVERNANCE = "configcat.data-governance";
    public static final String OFFLINE = "configcat.offline";
    public static final String LOG_LEVEL = "configcat.log-level";
    public static final String OVERRIDES_FILE = "configcat.overrides.file";
    public static final String OVERRIDES_RESOURCE = "configcat.overrides.resource";
    public static final String OVERRIDES_BEHAVIOUR = "configcat.overrides.behaviour";
    public static final String OVERRIDES_AUTO_RELOAD = "configcat.overrides.auto-reload";

    private static final Map<String, ClientSettings.Polling> POLLING = words("auto", ClientSettings.Polling.AUTO,
            "lazy", ClientSettings.Polling.LAZY, "manual", ClientSettings.Polling.MANUAL);
    private static final Map<String, DataGovernance> GOVERNANCE = words("global", DataGovernance.GLOBAL, "eu-only",
            DataGovernance.EU_ONLY);
    private static final Map<String, LogLevel> LOG_LEVELS = words("debug", LogLevel.DEBUG, "info", LogLevel.INFO,
            "warning", LogLevel.WARNING, "error", LogLevel.ERROR, "no-log", LogLevel.NO_LOG);
    private static final Map<String, OverrideBehaviour> BEHAVIOURS = words("local-only", OverrideBehaviour.LOCAL_ONLY,
            "local-over-remote", OverrideBehaviour.LOCAL_OVER_REMOTE, "remote-over-local",
            OverrideBehaviour.REMOTE_OVER_LOCAL);

    // ConfigCat's SDK key formats (the SDK's own check, which would put the whole key in its exception message).
    private static final Pattern KEY_SECTION = Pattern.compile("[^/]{22}");
    private static final String PROXY_PREFIX = "configcat-proxy/";
    private static final String SDK_KEY_EXPECTED = "expected configcat-sdk-1/<22 characters>/<22 characters>, "
            + "<22 characters>/<22 characters>, or configcat-proxy/<name> together with " + BASE_URL;
    private static final String FLAG_FILE_EXPECTED = "expected a JSON object with a \"flags\" object of "
            + "boolean, text or number values, or a full ConfigCat config JSON with an \"f\" object";

    private ClientSettingsReader() {
    }

    /**
     * The settings, or empty when the reader reported a problem.
     *
     * @param reader the configuration
     * @param applicationLoader the class loader that {@code configcat.overrides.resource} is read with
     */
    public static Optional<ClientSettings> read(ConfigReader reader, ClassLoader applicationLoader) {
        int problemsBefore = reader.problems().size();

        ClientSettings.Polling polling = reader.choice("FLAGBRIDGE-0003", POLLING_MODE, POLLING,
                ClientSettings.Polling.AUTO);
        int pollInterval = reader.seconds("FLAGBRIDGE-0004", POLL_INTERVAL, 60, 1);
        int maxInitWait = reader.seconds("FLAGBRIDGE-0005", MAX_INIT_WAIT, 5, 0);
        int cacheRefreshInterval = reader.seconds("FLAGBRIDGE-0006", CACHE_REFRESH_INTERVAL, 60, 1);
        Optional<String> baseUrl = baseUrl(reader);
        DataGovernance governance = reader.choice("FLAGBRIDGE-0008", DATA_GOVERNANCE, GOVERNANCE,
                DataGovernance.GLOBAL);
        boolean offline = reader.bool("FLAGBRIDGE-0009", OFFLINE, false);
        LogLevel logLevel = reader.choice("FLAGBRIDGE-0010", LOG_LEVEL, LOG_LEVELS, LogLevel.WARNING);
        Optional<Overrides> overrides = overrides(reader, applicationLoader);
        boolean localOnly = overrides.map(o -> o.behaviour() == OverrideBehaviour.LOCAL_ONLY).orElse(false);
        String sdkKey = sdkKey(reader, localOnly, baseUrl.isPresent());

        if (reader.problems().size() > problemsBefore) {
            return Optional.empty();
        }
        return Optional.of(new ClientSettings(sdkKey, polling, pollInterval, maxInitWait, cacheRefreshInterval, baseUrl,
                governance, offline, logLevel, overrides));
    }

    private static String sdkKey(ConfigReader reader, boolean localOnly, boolean customBaseUrl) {
        Optional<String> key = reader.string(SDK_KEY);
        if (key.isEmpty()) {
            if (!localOnly) {
                reader.problem("FLAGBRIDGE-0001", SDK_KEY + " is not set; it is required unless "
                        + OVERRIDES_BEHAVIOUR + "=local-only");
            }
            // ConfigCat keeps one client per key and class loader: a key of our own per application.
            return "flagbridge-local-only/" + UUID.randomUUID();
        }
        if (!localOnly && !validKey(key.get(), customBaseUrl)) {
            reader.invalid("FLAGBRIDGE-0002", SDK_KEY, Secrets.mask(key.get()), SDK_KEY_EXPECTED);
        }
        return key.get();
    }

    static boolean validKey(String key, boolean customBaseUrl) {
        if (customBaseUrl && key.startsWith(PROXY_PREFIX) && key.length() > PROXY_PREFIX.length()) {
            return true;
        }
        String[] sections = key.split("/", -1);
        if (sections.length == 2) {
            return KEY_SECTION.matcher(sections[0]).matches() && KEY_SECTION.matcher(sections[1]).matches();
        }
        return sections.length == 3 && sections[0].equals("configcat-sdk-1")
                && KEY_SECTION.matcher(sections[1]).matches() && KEY_SECTION.matcher(sections[2]).matches();
    }

    private static Optional<String> baseUrl(ConfigReader reader) {
        Optional<String> raw = reader.string(BASE_URL);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        String url = raw.get();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getQuery() == null
                    && uri.getFragment() == null) {
                return Optional.of(url);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        reader.invalid("FLAGBRIDGE-0007", BASE_URL, raw.get(),
                "expected an absolute http or https URL without query or fragment");
        return Optional.empty();
    }

    private static Optional<Overrides> overrides(ConfigReader reader, ClassLoader applicationLoader) {
        Optional<String> file = reader.string(OVERRIDES_FILE);
        Optional<String> resource = reader.string(OVERRIDES_RESOURCE);
        Optional<String> behaviourText = reader.string(OVERRIDES_BEHAVIOUR);
        OverrideBehaviour behaviour = reader.choice("FLAGBRIDGE-0013", OVERRIDES_BEHAVIOUR, BEHAVIOURS,
                OverrideBehaviour.LOCAL_OVER_REMOTE);
        boolean autoReload = reader.bool("FLAGBRIDGE-0014", OVERRIDES_AUTO_RELOAD, false);

        if (file.isPresent() && resource.isPresent()) {
            reader.problem("FLAGBRIDGE-0015", OVERRIDES_FILE + " and " + OVERRIDES_RESOURCE
                    + " are both set; expected at most one of them");
            return Optional.empty();
        }
        if (file.isEmpty() && resource.isEmpty()) {
            if (behaviourText.isPresent()) {
                reader.problem("FLAGBRIDGE-0016", OVERRIDES_BEHAVIOUR + "='" + behaviourText.get()
                        + "' has no local flags to apply; expected " + OVERRIDES_FILE + " or " + OVERRIDES_RESOURCE
                        + " to be set as well");
            }
            return Optional.empty();
        }
        if (resource.isPresent()) {
            if (autoReload) {
                reader.problem("FLAGBRIDGE-0017", OVERRIDES_AUTO_RELOAD + "=true works only with " + OVERRIDES_FILE
                        + "; a resource of the application (" + OVERRIDES_RESOURCE + ") cannot change while it runs");
            }
            return readResource(reader, resource.get(), applicationLoader)
                    .map(r -> new Overrides(Optional.empty(), Optional.of(r), behaviour, false));
        }
        return checkFile(reader, file.get()).map(p -> new Overrides(Optional.of(p), Optional.empty(), behaviour,
                autoReload));
    }

    private static Optional<Path> checkFile(ConfigReader reader, String location) {
        Path path;
        try {
            path = Path.of(location).toAbsolutePath();
        } catch (InvalidPathException e) {
            reader.invalid("FLAGBRIDGE-0011", OVERRIDES_FILE, location, "expected the path of a readable file");
            return Optional.empty();
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            reader.invalid("FLAGBRIDGE-0011", OVERRIDES_FILE, location,
                    "no readable file is there (" + path + "); expected the path of a readable file");
            return Optional.empty();
        }
        try {
            String content = Files.readString(path, StandardCharsets.UTF_8);
            Optional<String> problem = flagJsonProblem(content);
            if (problem.isPresent()) {
                reader.invalid("FLAGBRIDGE-0011", OVERRIDES_FILE, location, problem.get() + "; " + FLAG_FILE_EXPECTED);
                return Optional.empty();
            }
            return Optional.of(path);
        } catch (IOException e) {
            reader.invalid("FLAGBRIDGE-0011", OVERRIDES_FILE, location,
                    "it cannot be read (" + e + "); expected the path of a readable file");
            return Optional.empty();
        }
    }

    private static Optional<Overrides.Resource> readResource(ConfigReader reader, String name,
            ClassLoader applicationLoader) {
        String resourceName = name.startsWith("/") ? name.substring(1) : name;
        try (InputStream in = applicationLoader.getResourceAsStream(resourceName)) {
            if (in == null) {
                reader.invalid("FLAGBRIDGE-0012", OVERRIDES_RESOURCE, name,
                        "the application's class loader has no such resource; expected a resource name such as "
                                + "flags.json (in WEB-INF/classes or a jar of WEB-INF/lib)");
                return Optional.empty();
            }
            String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Optional<String> problem = flagJsonProblem(content);
            if (problem.isPresent()) {
                reader.invalid("FLAGBRIDGE-0012", OVERRIDES_RESOURCE, name, problem.get() + "; " + FLAG_FILE_EXPECTED);
                return Optional.empty();
            }
            return Optional.of(new Overrides.Resource(resourceName, content));
        } catch (IOException e) {
            reader.invalid("FLAGBRIDGE-0012", OVERRIDES_RESOURCE, name,
                    "it cannot be read (" + e + "); expected a readable resource");
            return Optional.empty();
        }
    }

    /** What is wrong with a local flag document in a form ConfigCat would fail on, or empty when it is usable. */
    static Optional<String> flagJsonProblem(String content) {
        JsonElement root;
        try {
            root = JsonParser.parseString(content);
        } catch (JsonParseException e) {
            return Optional.of("it is not valid JSON");
        }
        if (!root.isJsonObject()) {
            return Optional.of("it is not a JSON object");
        }
        JsonObject object = root.getAsJsonObject();
        if (object.has("flags")) {
            if (!object.get("flags").isJsonObject()) {
                return Optional.of("its \"flags\" is not an object");
            }
            for (Map.Entry<String, JsonElement> flag : object.getAsJsonObject("flags").entrySet()) {
                if (!flag.getValue().isJsonPrimitive()) {
                    return Optional.of("flag '" + flag.getKey() + "' is not a boolean, text or number");
                }
            }
            return Optional.empty();
        }
        if (object.has("f") && object.get("f").isJsonObject()) {
            return Optional.empty();
        }
        return Optional.of("it has neither a \"flags\" nor an \"f\" object");
    }
}
