package io.flagbridge.test.internal;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A test kit left in a production WAR keeps a bounded number of messages, the latest. */
class KitSegmentBoundTest {

    /** What RecordedSegment documents. */
    static final int BOUND = 10_000;

    @Test
    void theRecordingKeepsTheLatestMessagesUpToItsBound() {
        KitSegment segment = new KitSegment(() -> {
        });
        int total = BOUND + 2_500;
        for (int batch = 0; batch < total / 500; batch++) {
            List<String> messages = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                messages.add("{\"type\":\"track\",\"event\":\"E\",\"messageId\":\"m-" + (batch * 500 + i) + "\"}");
            }
            segment.batch(messages);
        }
        List<String> kept = segment.messages();
        assertThat(kept).hasSize(BOUND);
        assertThat(kept.get(0)).contains("\"m-2500\"");
        assertThat(kept.get(kept.size() - 1)).contains("\"m-" + (total - 1) + "\"");
    }
}
