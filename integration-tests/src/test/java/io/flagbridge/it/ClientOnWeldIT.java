package io.flagbridge.it;

import io.flagbridge.it.support.OnWeld;

/** {@link ClientScenarios} on Weld SE. */
class ClientOnWeldIT extends OnWeld implements ClientScenarios {
}
