package io.flagbridge.it;

import io.flagbridge.it.support.OnWeld;

/** {@link FeatureFlagScenarios} on Weld SE. */
class FeatureFlagOnWeldIT extends OnWeld implements FeatureFlagScenarios {
}
