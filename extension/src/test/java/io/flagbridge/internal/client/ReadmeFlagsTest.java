package io.flagbridge.internal.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.configcat.ConfigCatClient;
import com.configcat.EvaluationDetails;
import com.configcat.OverrideBehaviour;
import com.configcat.OverrideDataSourceBuilder;
import com.configcat.User;

import io.flagbridge.internal.sdk.OwnClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The two local flag documents of docs/flags.md, evaluated by ConfigCat as that page says they are. */
class ReadmeFlagsTest {

    static final Path README = Path.of("..", "docs", "flags.md");
    static final String KEY = "configcat-sdk-1/flagbridge-readmeflag1/0123456789abcdefghijkl";

    /** The JSON blocks of docs/flags.md's section "Local flags: two formats", in order. */
    static List<String> documents() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("## Local flags: two formats");
        assertThat(start).as("docs/flags.md's section \"Local flags: two formats\"").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        Matcher block = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL)
                .matcher(readme.substring(start, end < 0 ? readme.length() : end));
        List<String> documents = new ArrayList<>();
        while (block.find()) {
            documents.add(block.group(1));
        }
        assertThat(documents).hasSize(2);
        return documents;
    }

    static ConfigCatClient client(Path dir, String document) throws IOException {
        Path flags = Files.writeString(dir.resolve("flags.json"), document);
        ConfigCatClient.Options options = new ConfigCatClient.Options();
        options.flagOverrides(OverrideDataSourceBuilder.localFile(flags.toString(), false),
                OverrideBehaviour.LOCAL_ONLY);
        return OwnClient.create(KEY, options);
    }

    @Test
    void theSimpleFormServesItsValuesWithoutVariationIds(@TempDir Path dir) throws Throwable {
        ConfigCatClient client = client(dir, documents().get(0));
        try {
            EvaluationDetails<Boolean> checkout = client.getValueDetails(Boolean.class, "new-checkout", false);
            assertThat(checkout.getValue()).isTrue();
            assertThat(checkout.isDefaultValue()).isFalse();
            assertThat(checkout.getVariationId()).isNullOrEmpty();
            assertThat(client.getValue(String.class, "banner-text", "")).isEqualTo("Welcome!");
        } finally {
            client.close();
            OwnClient.closeResources(client);
        }
    }

    @Test
    void theFullFormTargetsStaffSplitsEveryoneElseInHalvesAndNamesEachVariation(@TempDir Path dir)
            throws Throwable {
        ConfigCatClient client = client(dir, documents().get(1));
        try {
            EvaluationDetails<Boolean> staff = client.getValueDetails(Boolean.class, "new-checkout",
                    User.newBuilder().email("ann@example.com").build("ann"), false);
            assertThat(staff.getValue()).isTrue();
            assertThat(staff.getVariationId()).isEqualTo("v-staff");
            assertThat(staff.getMatchedTargetingRule()).isNotNull();

            int newCheckout = 0;
            int shoppers = 1000;
            for (int i = 0; i < shoppers; i++) {
                User shopper = User.newBuilder().email("shopper-" + i + "@mail.test").build("shopper-" + i);
                EvaluationDetails<Boolean> first = client.getValueDetails(Boolean.class, "new-checkout", shopper,
                        false);
                EvaluationDetails<Boolean> again = client.getValueDetails(Boolean.class, "new-checkout", shopper,
                        false);
                assertThat(again.getVariationId()).isEqualTo(first.getVariationId());
                assertThat(first.getVariationId()).isEqualTo(first.getValue() ? "v-new" : "v-classic");
                assertThat(first.getMatchedPercentageOption()).isNotNull();
                newCheckout += first.getValue() ? 1 : 0;
            }
            // 50/50 by identifier: 1000 shoppers land within a few percent of half.
            assertThat(newCheckout).isBetween(450, 550);

            EvaluationDetails<Boolean> nobody = client.getValueDetails(Boolean.class, "new-checkout", false);
            assertThat(nobody.getValue()).isFalse();
            assertThat(nobody.getVariationId()).isEqualTo("v-off");

            EvaluationDetails<String> banner = client.getValueDetails(String.class, "banner-text", "");
            assertThat(banner.getValue()).isEqualTo("Welcome!");
            assertThat(banner.getVariationId()).isEqualTo("v-welcome");
        } finally {
            client.close();
            OwnClient.closeResources(client);
        }
    }
}
