package io.flagbridge.internal.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.flagbridge.internal.webhook.WebhookBody.Change;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookBodyTest {

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The FlagBridge template with ConfigCat's variables substituted. */
    static String body(String changedBy, String changeNotes) {
        return "{\"configId\":\"08d86d63-2726-47cd-8bfc-59608ecb91e2\","
                + "\"configName\":\"Main Config\","
                + "\"environmentId\":\"08d86d63-2731-4b8b-823a-56ddda9da038\","
                + "\"environmentName\":\"Production\","
                + "\"url\":\"https://app.configcat.com/08d86d63/08d86d63-2726/08d86d63-2731\","
                + "\"changedBy\":\"" + changedBy + "\","
                + "\"changeNotes\":\"" + changeNotes + "\","
                + "\"changeDetails\":[{\"settingKey\":\"myAwesomeFeature1\",\"event\":\"changed\","
                + "\"details\":\"\\r\\nmyAwesomeFeature1: false \u2794 true\"},"
                + "{\"settingKey\":\"myAwesomeFeature2\",\"event\":\"changed\","
                + "\"details\":\"\\r\\nmyAwesomeFeature2:\\r\\n  Rollout percentage items changed:\\r\\n"
                + "    + 20% true\\r\\n    + 80% false\"}]}";
    }

    @Test
    void parsesFullValidBody() {
        Optional<WebhookBody> parsed = WebhookBody.parse(utf8(body("John Doe (john@example.com)", "Enable for beta")));

        assertThat(parsed).isPresent();
        WebhookBody b = parsed.get();
        assertThat(b.configId()).isEqualTo("08d86d63-2726-47cd-8bfc-59608ecb91e2");
        assertThat(b.configName()).isEqualTo("Main Config");
        assertThat(b.environmentId()).isEqualTo("08d86d63-2731-4b8b-823a-56ddda9da038");
        assertThat(b.environmentName()).isEqualTo("Production");
        assertThat(b.url()).isEqualTo("https://app.configcat.com/08d86d63/08d86d63-2726/08d86d63-2731");
        assertThat(b.changedBy()).isEqualTo("John Doe (john@example.com)");
        assertThat(b.changedByName()).isEqualTo("John Doe");
        assertThat(b.changedByEmail()).isEqualTo("john@example.com");
        assertThat(b.changeNotes()).isEqualTo("Enable for beta");
        assertThat(b.changeDetails()).containsExactly(
                new Change("myAwesomeFeature1", "changed", "\r\nmyAwesomeFeature1: false \u2794 true"),
                new Change("myAwesomeFeature2", "changed",
                        "\r\nmyAwesomeFeature2:\r\n  Rollout percentage items changed:\r\n"
                                + "    + 20% true\r\n    + 80% false"));
    }

    @Test
    void rawQuoteInChangeNotesMakesBodyInvalid() {
        assertThat(WebhookBody.parse(utf8(body("John Doe (john@example.com)", "rename \"beta\" flag"))))
                .isEmpty();
    }

    @Test
    void rawBackslashInChangeNotesMakesBodyInvalid() {
        assertThat(WebhookBody.parse(utf8(body("John Doe (john@example.com)", "path C:\\temp\\x")))).isEmpty();
    }

    @Test
    void notJsonOrWrongShapeIsEmpty() {
        assertThat(WebhookBody.parse(utf8(""))).isEmpty();
        assertThat(WebhookBody.parse(utf8("examplebody"))).isEmpty();
        assertThat(WebhookBody.parse(utf8("[1,2]"))).isEmpty();
        assertThat(WebhookBody.parse(utf8("{\"configId\":'single'}"))).isEmpty(); // lenient-only syntax
        assertThat(WebhookBody.parse(utf8("{\"configId\":\"a\"} trailing"))).isEmpty();
        assertThat(WebhookBody.parse(utf8("{\"changeDetails\":\"not an array\"}"))).isEmpty();
        assertThat(WebhookBody.parse(new byte[] { '{', '"', (byte) 0xC3, '"', ':', '1', '}' })).isEmpty();
        assertThat(WebhookBody.parse(null)).isEmpty();
    }

    @Test
    void missingFieldsAreNullAndChangesEmpty() {
        WebhookBody b = WebhookBody.parse(utf8("{\"configName\":\"Main\"}")).orElseThrow();
        assertThat(b.configName()).isEqualTo("Main");
        assertThat(b.configId()).isNull();
        assertThat(b.changedByName()).isNull();
        assertThat(b.changedByEmail()).isNull();
        assertThat(b.changeDetails()).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "John Doe (john@example.com)       | John Doe       | john@example.com",
            "John Doe <john@example.com>       | John Doe       | john@example.com",
            "john@example.com (John Doe)       | John Doe       | john@example.com",
            "John Doe - john.doe+ff@corp.co.uk | John Doe       | john.doe+ff@corp.co.uk",
            "Ann (Ops) Lee (ann@example.com)   | Ann (Ops) Lee  | ann@example.com",
            "john@example.com                  | NULL           | john@example.com",
            "John Doe                          | John Doe       | NULL",
            "Árvíztűrő Tükörfúrógép            | Árvíztűrő Tükörfúrógép | NULL",
    })
    void splitsChangedBy(String changedBy, String name, String email) {
        WebhookBody b = WebhookBody.parse(utf8(body(changedBy, "n"))).orElseThrow();
        assertThat(b.changedBy()).isEqualTo(changedBy);
        assertThat(b.changedByName()).isEqualTo(name);
        assertThat(b.changedByEmail()).isEqualTo(email);
    }

    @Test
    void blankChangedByGivesNoNameAndNoEmail() {
        WebhookBody b = WebhookBody.parse(utf8(body("", "n"))).orElseThrow();
        assertThat(b.changedByName()).isNull();
        assertThat(b.changedByEmail()).isNull();
    }
}
