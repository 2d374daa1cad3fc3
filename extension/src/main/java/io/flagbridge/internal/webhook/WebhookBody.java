package io.flagbridge.internal.webhook;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import io.flagbridge.FlagChanged;

/**
 * The JSON body FlagBridge asks users to configure in ConfigCat:
 *
 * <pre>
 * {"configId":"##ConfigId##","configName":"##ConfigName##","environmentId":"##EnvironmentId##",
 * "environmentName":"##EnvironmentName##","url":"##URL##","changedBy":"##ChangedBy##",
 * "changeNotes":"##ChangeNotes##","changeDetails":##ChangeDetails##}
 * </pre>
 *
 * <p>
 * ConfigCat substitutes the variables without JSON-escaping them, so a quote or backslash in a
 * change note (or a user name) can make the body invalid JSON; {@link #parse} then returns empty.
 * Missing fields are {@code null} ({@code changeDetails}: empty list).
 *
 * <p>
 * {@code changedByName}/{@code changedByEmail} are derived from {@code changedBy}. ConfigCat only
 * documents it as "the name and email address of the user", not the exact layout, so the split is
 * layout-agnostic: the first email-looking token is the email, the rest (minus brackets and
 * separators) is the name. Without an email-looking token the whole text is the name.
 */
public record WebhookBody(
        String configId,
        String configName,
        String environmentId,
        String environmentName,
        String url,
        String changedBy,
        String changedByName,
        String changedByEmail,
        String changeNotes,
        List<Change> changeDetails) {

    public record Change(String settingKey, String event, String details) {
    }

    private static final TypeAdapter<JsonElement> JSON = new Gson().getAdapter(JsonElement.class);
    private static final Pattern EMAIL = Pattern
            .compile("[^\\s()<>\\[\\],;:\"@]+@[^\\s()<>\\[\\],;:\"@]+\\.[^\\s()<>\\[\\],;:\"@]+");
    private static final String SEPARATORS = " \t-,;:|/";

    public WebhookBody {
        changeDetails = changeDetails == null ? List.of() : List.copyOf(changeDetails);
    }

    /** Empty when the body is not valid UTF-8, not strict JSON, not an object, or has wrongly typed fields. */
    public static Optional<WebhookBody> parse(byte[] body) {
        if (body == null) {
            return Optional.empty();
        }
        try {
            JsonElement root = readStrict(decodeUtf8(body));
            if (!root.isJsonObject()) {
                return Optional.empty();
            }
            JsonObject o = root.getAsJsonObject();
            String changedBy = string(o, "changedBy");
            String[] nameAndEmail = splitChangedBy(changedBy);
            return Optional.of(new WebhookBody(
                    string(o, "configId"),
                    string(o, "configName"),
                    string(o, "environmentId"),
                    string(o, "environmentName"),
                    string(o, "url"),
                    changedBy,
                    nameAndEmail[0],
                    nameAndEmail[1],
                    string(o, "changeNotes"),
                    changes(o.get("changeDetails"))));
        } catch (IOException | RuntimeException e) {
            // MalformedJsonException, CharacterCodingException, JsonParseException, InvalidShape
            return Optional.empty();
        }
    }

    /**
     * One {@link FlagChanged} (source {@code WEBHOOK}) per entry of {@code changeDetails} that names a setting.
     *
     * @param when the webhook's timestamp: when the change happened
     */
    public List<FlagChanged> changes(Instant when) {
        List<FlagChanged> changes = new ArrayList<>(changeDetails.size());
        for (Change change : changeDetails) {
            if (change.settingKey() != null) {
                changes.add(new FlagChanged(change.settingKey(), kind(change.event()), FlagChanged.Source.WEBHOOK,
                        details(change), when, configId, configName, environmentId, environmentName, url,
                        changedByName, changedByEmail, changeNotes));
            }
        }
        return changes;
    }

    /** ConfigCat's event names ("created", "deleted", "changed", ...) as a kind. */
    static FlagChanged.Kind kind(String event) {
        String e = event == null ? "" : event.toLowerCase(Locale.ROOT);
        if (e.contains("add") || e.contains("creat")) {
            return FlagChanged.Kind.ADDED;
        }
        if (e.contains("remov") || e.contains("delet")) {
            return FlagChanged.Kind.REMOVED;
        }
        return FlagChanged.Kind.CHANGED;
    }

    /** The details as one line. */
    private static String details(Change change) {
        return change.details() == null ? "" : change.details().strip().replaceAll("\\s*\\r?\\n\\s*", "; ");
    }

    /** Returns {name, email}; either may be null. */
    static String[] splitChangedBy(String changedBy) {
        if (changedBy == null || changedBy.isBlank()) {
            return new String[] { null, null };
        }
        String text = changedBy.strip();
        Matcher m = EMAIL.matcher(text);
        if (!m.find()) {
            return new String[] { text, null };
        }
        String email = m.group();
        String rest = (text.substring(0, m.start()) + text.substring(m.end()))
                .replace("()", "").replace("<>", "").replace("[]", "");
        rest = stripSeparators(rest);
        if (rest.length() >= 2 && rest.charAt(0) == '(' && rest.indexOf(')') == rest.length() - 1) {
            rest = stripSeparators(rest.substring(1, rest.length() - 1)); // "email (Name)"
        }
        return new String[] { rest.isEmpty() ? null : rest, email };
    }

    private static String stripSeparators(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && SEPARATORS.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && SEPARATORS.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(start, end);
    }

    private static String decodeUtf8(byte[] body) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(body))
                .toString();
    }

    /** Strict (non-lenient) parse of exactly one JSON value; trailing content is an error. */
    private static JsonElement readStrict(String text) throws IOException {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setLenient(false);
        JsonElement element = JSON.read(reader);
        if (reader.peek() != JsonToken.END_DOCUMENT) {
            throw new InvalidShape();
        }
        return element;
    }

    private static String string(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new InvalidShape();
        }
        return e.getAsString();
    }

    private static List<Change> changes(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return List.of();
        }
        if (!e.isJsonArray()) {
            throw new InvalidShape();
        }
        JsonArray array = e.getAsJsonArray();
        List<Change> result = new ArrayList<>(array.size());
        for (JsonElement item : array) {
            if (!item.isJsonObject()) {
                throw new InvalidShape();
            }
            JsonObject c = item.getAsJsonObject();
            result.add(new Change(string(c, "settingKey"), string(c, "event"), string(c, "details")));
        }
        return result;
    }

    private static final class InvalidShape extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidShape() {
            super(null, null, false, false);
        }
    }
}
