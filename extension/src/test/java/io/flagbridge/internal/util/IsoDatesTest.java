package io.flagbridge.internal.util;

import java.util.Date;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.gson.JsonPrimitive;
import com.segment.analytics.gson.ISO8601DateAdapter;

import static org.assertj.core.api.Assertions.assertThat;

class IsoDatesTest {

    @ParameterizedTest
    @ValueSource(longs = { 0L, 1L, 999L, 1_000L, 1_700_000_000_000L, 1_700_000_000_123L, 951_782_400_000L,
            4_102_444_799_999L, -1L, -86_400_001L })
    void datesAreWrittenExactlyAsAnalyticsJavaWritesThem(long epochMillis) {
        Date date = new Date(epochMillis);
        String theirs = ((JsonPrimitive) new ISO8601DateAdapter().serialize(date, Date.class, null)).getAsString();
        assertThat(IsoDates.format(epochMillis)).isEqualTo(theirs);
        assertThat(Json.toJson(date)).isEqualTo("\"" + theirs + "\"");
    }
}
