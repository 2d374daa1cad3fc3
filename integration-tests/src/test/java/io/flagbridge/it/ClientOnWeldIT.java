package io.flagbridge.it;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;

import io.flagbridge.it.support.OnWeld;

/** {@link ClientScenarios} on Weld SE. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientOnWeldIT extends OnWeld implements ClientScenarios {
}
