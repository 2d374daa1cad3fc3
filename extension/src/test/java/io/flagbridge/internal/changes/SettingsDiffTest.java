package io.flagbridge.internal.changes;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.configcat.Config;
import com.configcat.Setting;
import com.google.gson.Gson;

import static org.assertj.core.api.Assertions.assertThat;

/** The diff, over pairs of config JSONs: each kind of change, no change, reordering only. */
class SettingsDiffTest {

    static final String P = "\"p\":{\"u\":\"https://cdn-global.configcat.com\",\"r\":0,\"s\":\"salt\"}";

    /** Settings as ConfigCat's configChanged hook hands them over (salt and segments set on each). */
    static Map<String, Setting> settings(String flagsAndSegments) {
        Config config = new Gson().fromJson("{" + P + "," + flagsAndSegments + "}", Config.class);
        for (Setting setting : config.getEntries().values()) {
            setting.setConfigSalt("salt");
            setting.setSegments(config.getSegments());
        }
        return config.getEntries();
    }

    static final String BASE = "\"f\":{\"a\":{\"t\":0,\"v\":{\"b\":false},\"i\":\"v1\"},"
            + "\"b\":{\"t\":1,\"v\":{\"s\":\"basic\"},\"i\":\"v2\"}}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no change | " + BASE + " | ",
            "reordered only | \"f\":{\"b\":{\"t\":1,\"v\":{\"s\":\"basic\"},\"i\":\"v2\"},\"a\":{\"t\":0,\"v\":{\"b\":false},\"i\":\"v1\"}} | ",
            "value | \"f\":{\"a\":{\"t\":0,\"v\":{\"b\":true},\"i\":\"v1\"},\"b\":{\"t\":1,\"v\":{\"s\":\"basic\"},\"i\":\"v2\"}} | a CHANGED default value: false -> true",
            "text value | \"f\":{\"a\":{\"t\":0,\"v\":{\"b\":false},\"i\":\"v1\"},\"b\":{\"t\":1,\"v\":{\"s\":\"free\"},\"i\":\"v3\"}} | b CHANGED default value: \"basic\" -> \"free\"",
            "variation id only | \"f\":{\"a\":{\"t\":0,\"v\":{\"b\":false},\"i\":\"v9\"},\"b\":{\"t\":1,\"v\":{\"s\":\"basic\"},\"i\":\"v2\"}} | a CHANGED variation ID changed",
            "type | \"f\":{\"a\":{\"t\":1,\"v\":{\"s\":\"false\"},\"i\":\"v1\"},\"b\":{\"t\":1,\"v\":{\"s\":\"basic\"},\"i\":\"v2\"}} | a CHANGED type: BOOLEAN -> STRING; default value: false -> \"false\"",
            "added | \"f\":{\"a\":{\"t\":0,\"v\":{\"b\":false},\"i\":\"v1\"},\"b\":{\"t\":1,\"v\":{\"s\":\"basic\"},\"i\":\"v2\"},\"c\":{\"t\":2,\"v\":{\"i\":3},\"i\":\"v4\"}} | c ADDED added; default value: 3",
            "removed | \"f\":{\"a\":{\"t\":0,\"v\":{\"b\":false},\"i\":\"v1\"}} | b REMOVED removed; default value was: \"basic\"",
            "targeting rule | \"f\":{\"a\":{\"t\":0,\"r\":[{\"c\":[{\"u\":{\"a\":\"Email\",\"c\":2,\"l\":[\"@example.com\"]}}],\"s\":{\"v\":{\"b\":true},\"i\":\"v5\"}}],\"v\":{\"b\":false},\"i\":\"v1\"},\"b\":{\"t\":1,\"v\":{\"s\":\"basic\"},\"i\":\"v2\"}} | a CHANGED targeting rules changed",
            "percentage options | \"f\":{\"a\":{\"t\":0,\"p\":[{\"p\":20,\"v\":{\"b\":true},\"i\":\"v6\"},{\"p\":80,\"v\":{\"b\":false},\"i\":\"v7\"}],\"v\":{\"b\":false},\"i\":\"v1\"},\"b\":{\"t\":1,\"v\":{\"s\":\"basic\"},\"i\":\"v2\"}} | a CHANGED percentage options changed",
            "prerequisite condition | \"f\":{\"a\":{\"t\":0,\"v\":{\"b\":false},\"i\":\"v1\"},\"b\":{\"t\":1,\"r\":[{\"c\":[{\"p\":{\"f\":\"a\",\"c\":0,\"v\":{\"b\":true}}}],\"s\":{\"v\":{\"s\":\"pro\"},\"i\":\"v8\"}}],\"v\":{\"s\":\"basic\"},\"i\":\"v2\"}} | b CHANGED targeting rules changed",
    })
    void diff(String name, String after, String expected) {
        List<SettingsDiff.Change> changes = SettingsDiff.between(settings(BASE), settings(after));
        List<String> described = changes.stream().map(c -> c.key() + " " + c.kind() + " " + c.details()).toList();
        if (expected == null) {
            assertThat(described).isEmpty();
        } else {
            assertThat(described).containsExactly(expected);
        }
    }

    static final String WITH_SEGMENT = "\"s\":[{\"n\":\"Beta\",\"r\":[{\"a\":\"Email\",\"c\":2,\"l\":[\"@beta.com\"]}]}],"
            + "\"f\":{\"a\":{\"t\":0,\"r\":[{\"c\":[{\"s\":{\"s\":0,\"c\":0}}],\"s\":{\"v\":{\"b\":true},\"i\":\"v5\"}}],"
            + "\"v\":{\"b\":false},\"i\":\"v1\"},\"b\":{\"t\":1,\"v\":{\"s\":\"basic\"},\"i\":\"v2\"}}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "segment unchanged | @beta.com | ",
            "segment condition changed | @example.com | a CHANGED segments changed",
    })
    void segments(String name, String domain, String expected) {
        List<SettingsDiff.Change> changes = SettingsDiff.between(settings(WITH_SEGMENT),
                settings(WITH_SEGMENT.replace("@beta.com", domain)));
        List<String> described = changes.stream().map(c -> c.key() + " " + c.kind() + " " + c.details()).toList();
        if (expected == null) {
            assertThat(described).isEmpty();
        } else {
            assertThat(described).containsExactly(expected);
        }
    }

    @org.junit.jupiter.api.Test
    void theFirstLoadIsNoChange() {
        assertThat(SettingsDiff.between(null, settings(BASE))).isEmpty();
    }
}
