package io.flagbridge.internal.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
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

import io.flagbridge.internal.Messages;
import io.flagbridge.internal.util.Nearest;
import io.flagbridge.internal.util.Secret;

import static io.flagbridge.internal.ConfigKeys.BASE_URL;
import static io.flagbridge.internal.ConfigKeys.CACHE_REFRESH_INTERVAL;
import static io.flagbridge.internal.ConfigKeys.DATA_GOVERNANCE;
import static io.flagbridge.internal.ConfigKeys.LOG_LEVEL;
import static io.flagbridge.internal.ConfigKeys.MAX_INIT_WAIT;
import static io.flagbridge.internal.ConfigKeys.OFFLINE;
import static io.flagbridge.internal.ConfigKeys.OVERRIDES_AUTO_RELOAD;
import static io.flagbridge.internal.ConfigKeys.OVERRIDES_BEHAVIOUR;
import static io.flagbridge.internal.ConfigKeys.OVERRIDES_FILE;
import static io.flagbridge.internal.ConfigKeys.OVERRIDES_RESOURCE;
import static io.flagbridge.internal.ConfigKeys.POLLING_MODE;
import static io.flagbridge.internal.ConfigKeys.POLL_INTERVAL;
import static io.flagbridge.internal.ConfigKeys.SDK_KEY;
import static io.flagbridge.internal.config.ConfigReader.words;

/** Turns the {@code configcat.*} keys into {@link ClientSettings}, reporting every bad value to the reader. */
public final class ClientSettingsReader {

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

        ClientSettings.Polling polling = reader.choice(POLLING_MODE, POLLING, ClientSettings.Polling.AUTO,
                Messages::pollingModeInvalid);
        int pollInterval = reader.seconds(POLL_INTERVAL, 60, 1, Messages::pollIntervalInvalid);
        int maxInitWait = reader.seconds(MAX_INIT_WAIT, 5, 0, Messages::maxInitWaitInvalid);
        int cacheRefreshInterval = reader.seconds(CACHE_REFRESH_INTERVAL, 60, 1,
                Messages::cacheRefreshIntervalInvalid);
        Optional<String> baseUrl = baseUrl(reader);
        DataGovernance governance = reader.choice(DATA_GOVERNANCE, GOVERNANCE, DataGovernance.GLOBAL,
                Messages::dataGovernanceInvalid);
        boolean offline = reader.bool(OFFLINE, false, Messages::offlineInvalid);
        LogLevel logLevel = reader.choice(LOG_LEVEL, LOG_LEVELS, LogLevel.WARNING, Messages::logLevelInvalid);
        Optional<Overrides> overrides = overrides(reader, applicationLoader);
        // As configured, even when the flag file itself is wrong: that is one problem, not also a missing SDK key.
        boolean localOnly = reader.string(OVERRIDES_BEHAVIOUR).map(b -> b.equalsIgnoreCase("local-only"))
                .orElse(false);
        Secret sdkKey = sdkKey(reader, localOnly, baseUrl.isPresent());

        if (reader.problems().size() > problemsBefore) {
            return Optional.empty();
        }
        return Optional.of(new ClientSettings(sdkKey, polling, pollInterval, maxInitWait, cacheRefreshInterval, baseUrl,
                governance, offline, logLevel, overrides));
    }

    private static Secret sdkKey(ConfigReader reader, boolean localOnly, boolean customBaseUrl) {
        Optional<String> key = reader.string(SDK_KEY);
        if (key.isEmpty()) {
            if (!localOnly) {
                reader.problem(Messages.sdkKeyMissing(misspeltBehaviour(reader)));
            }
            // ConfigCat keeps one client per key and class loader: a key of our own per application.
            return Secret.of(ClientSettings.LOCAL_ONLY_KEY_PREFIX + UUID.randomUUID());
        }
        if (!localOnly && !validKey(key.get(), customBaseUrl)) {
            reader.problem(Messages.sdkKeyInvalid(Secret.mask(key.get())));
        }
        return Secret.of(key.get());
    }

    /** A key that is set, is not {@code configcat.overrides.behaviour} and looks like a misspelling of it. */
    private static Optional<String> misspeltBehaviour(ConfigReader reader) {
        return reader.flagBridgeLikeNames().stream().filter(name -> !name.equals(OVERRIDES_BEHAVIOUR))
                .filter(name -> Nearest.to(name, List.of(OVERRIDES_BEHAVIOUR)).isPresent()).findFirst();
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
            if (ConfigReader.isHttpUrl(uri) && uri.getQuery() == null && uri.getFragment() == null) {
                return Optional.of(url);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        reader.problem(Messages.baseUrlInvalid(raw.get()));
        return Optional.empty();
    }

    private static Optional<Overrides> overrides(ConfigReader reader, ClassLoader applicationLoader) {
        Optional<String> file = reader.string(OVERRIDES_FILE);
        Optional<String> resource = reader.string(OVERRIDES_RESOURCE);
        Optional<String> behaviourText = reader.string(OVERRIDES_BEHAVIOUR);
        OverrideBehaviour behaviour = reader.choice(OVERRIDES_BEHAVIOUR, BEHAVIOURS,
                OverrideBehaviour.LOCAL_OVER_REMOTE, Messages::overridesBehaviourInvalid);
        boolean autoReload = reader.bool(OVERRIDES_AUTO_RELOAD, false, Messages::overridesAutoReloadInvalid);

        if (file.isPresent() && resource.isPresent()) {
            reader.problem(Messages.overridesFileAndResource());
            return Optional.empty();
        }
        if (file.isEmpty() && resource.isEmpty()) {
            if (behaviourText.isPresent()) {
                reader.problem(Messages.overridesBehaviourWithoutFlags(behaviourText.get()));
            }
            return Optional.empty();
        }
        if (resource.isPresent()) {
            if (autoReload) {
                reader.problem(Messages.overridesAutoReloadOfResource());
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
            reader.problem(Messages.overridesFileInvalid(location, "expected the path of a readable file"));
            return Optional.empty();
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            reader.problem(Messages.overridesFileInvalid(location,
                    "no readable file is there (" + path + "); expected the path of a readable file"));
            return Optional.empty();
        }
        try {
            String content = Files.readString(path, StandardCharsets.UTF_8);
            Optional<String> problem = flagJsonProblem(content);
            if (problem.isPresent()) {
                reader.problem(Messages.overridesFileInvalid(location, problem.get() + "; " + FLAG_FILE_EXPECTED));
                return Optional.empty();
            }
            return Optional.of(path);
        } catch (IOException e) {
            reader.problem(Messages.overridesFileInvalid(location,
                    "it cannot be read (" + e + "); expected the path of a readable file"));
            return Optional.empty();
        }
    }

    private static Optional<Overrides.Resource> readResource(ConfigReader reader, String name,
            ClassLoader applicationLoader) {
        String resourceName = name.startsWith("/") ? name.substring(1) : name;
        try (InputStream in = applicationLoader.getResourceAsStream(resourceName)) {
            if (in == null) {
                reader.problem(Messages.overridesResourceInvalid(name,
                        "the application's class loader has no such resource; expected a resource name such as "
                                + "flags.json (in WEB-INF/classes or a jar of WEB-INF/lib)"));
                return Optional.empty();
            }
            String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Optional<String> problem = flagJsonProblem(content);
            if (problem.isPresent()) {
                reader.problem(Messages.overridesResourceInvalid(name, problem.get() + "; " + FLAG_FILE_EXPECTED));
                return Optional.empty();
            }
            return Optional.of(new Overrides.Resource(resourceName, content));
        } catch (IOException e) {
            reader.problem(
                    Messages.overridesResourceInvalid(name, "it cannot be read (" + e + "); expected a readable resource"));
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
