package io.flagbridge.test.parallel;

import io.flagbridge.test.FlagBridgeTest;
import io.flagbridge.test.FlagOverride;
import io.flagbridge.test.Gated;

@FlagBridgeTest(beans = Gated.class)
@FlagOverride(key = "limit", value = "2")
class ParallelBTest extends ParallelTwin {

    ParallelBTest() {
        super("B", "A", 2);
    }
}
