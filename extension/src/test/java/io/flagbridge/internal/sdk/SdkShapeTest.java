package io.flagbridge.internal.sdk;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What FlagBridge says at deployment when an SDK version lacks a private part it reads: one line, coded. */
class SdkShapeTest {

    @Test
    void oneLineNamesTheVersionEachMissingPartAndWhatFlagBridgeDoesWithoutIt() {
        List<Reach> reaches = List.of(new Reach("User.attributes", "user attributes are read from the user's JSON "
                + "text, more slowly", false), new Reach("ConfigCatClient(String, Options)",
                        "an application cannot "
                                + "start",
                        true),
                new Reach("ConfigCache.read(String)", "the cache is ConfigCat's", false));
        assertThat(SdkShape.report(reaches, "10.0.0")).contains("FLAGBRIDGE-0025: ConfigCat SDK 10.0.0 lacks private "
                + "parts that FlagBridge reads (it is tested with 9.4.3): User.attributes (user attributes are read "
                + "from the user's JSON text, more slowly); ConfigCache.read(String) (the cache is ConfigCat's)");
    }

    @Test
    void nothingIsSaidWhenEveryPartIsThere() {
        assertThat(SdkShape.report(List.of(new Reach("User.attributes", "slower", true)), "9.4.3")).isEmpty();
    }

    @Test
    void everyReachSaysWhatItReadsAndWhatFlagBridgeDoesWithoutIt() {
        assertThat(SdkShape.reaches()).hasSize(6).allSatisfy(reach -> {
            assertThat(reach.what()).isNotBlank();
            assertThat(reach.without()).isNotBlank();
        });
    }
}
