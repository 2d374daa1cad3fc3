package io.flagbridge.it;

import io.flagbridge.it.support.OnWeld;

/** {@link SegmentScenarios} on Weld SE. */
class SegmentOnWeldIT extends OnWeld implements SegmentScenarios {
}
