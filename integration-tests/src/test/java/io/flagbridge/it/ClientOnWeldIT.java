package io.flagbridge.it;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.flagbridge.it.support.OnWeld;

/** {@link ClientScenarios} on Weld SE, and at its end the check that the ten redeploys left no thread. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientOnWeldIT extends OnWeld implements ClientScenarios {

    @Test
    @Order(LAST)
    void tenRedeploysLeaveNoThreadBehind() {
        tenRedeploysLeftNoThreadBehind();
    }
}
