package io.flagbridge.internal.util;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NearestTest {

    static final List<String> KEYS = List.of("dark-mode", "checkout", "newSearch", "on", "off");

    @Test
    void aTypoFindsTheKeyItMisspells() {
        assertThat(Nearest.to("dark-mod", KEYS)).hasValue("dark-mode");
        assertThat(Nearest.to("chekcout", KEYS)).hasValue("checkout");
        assertThat(Nearest.to("newsearch", KEYS)).hasValue("newSearch"); // case is no distance
    }

    @Test
    void aWordUnlikeEveryKeyHasNoNearestAndTiesGoToTheFirstInOrder() {
        assertThat(Nearest.to("payments", KEYS)).isEmpty();
        assertThat(Nearest.to("anything", List.of())).isEmpty();
        assertThat(Nearest.to("of", KEYS)).hasValue("off"); // "off" and "on" are both one edit away
    }

    @Test
    void theDistanceIsLevenshteins() {
        assertThat(Nearest.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Nearest.distance("", "abc")).isEqualTo(3);
        assertThat(Nearest.distance("same", "SAME")).isZero();
    }
}
