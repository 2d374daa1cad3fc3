package io.flagbridge.internal.util;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Dates as Segment's libraries write them: {@code yyyy-MM-ddTHH:mm:ss.SSSZ}, UTC, always with milliseconds, built
 * without a formatter or calendar (one per message).
 */
public final class IsoDates {

    /** The last second formatted, as {@code yyyy-MM-ddTHH:mm:ss.}: most dates of a message stream share it. */
    private record Second(long epochSecond, String prefix) {
    }

    private static volatile Second last = new Second(Long.MIN_VALUE, "");

    private IsoDates() {
    }

    public static String format(long epochMillis) {
        long seconds = Math.floorDiv(epochMillis, 1000);
        int millis = (int) Math.floorMod(epochMillis, 1000);
        Second second = last;
        if (second.epochSecond() != seconds) {
            second = new Second(seconds, prefix(seconds));
            last = second;
        }
        return new StringBuilder(24).append(second.prefix()).append((char) ('0' + millis / 100))
                .append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10)).append('Z').toString();
    }

    private static String prefix(long seconds) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(20);
        pad(text, time.getYear(), 4).append('-');
        pad(text, time.getMonthValue(), 2).append('-');
        pad(text, time.getDayOfMonth(), 2).append('T');
        pad(text, time.getHour(), 2).append(':');
        pad(text, time.getMinute(), 2).append(':');
        return pad(text, time.getSecond(), 2).append('.').toString();
    }

    private static StringBuilder pad(StringBuilder text, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            text.append('0');
        }
        return text.append(digits);
    }
}
