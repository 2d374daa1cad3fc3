package io.flagbridge.internal.client;

import java.util.List;

/**
 * Flag keys that another of FlagBridge's extensions found in the application's code, fired as an event at deployment,
 * before FlagBridge validates it, for FlagBridge's extension to check. An event reaches that extension whichever bean
 * archives the two jars are in; {@code BeanManager.getExtension} finds only the extensions the caller's archive sees
 * (on Payara Server a library jar's: WELD-001325).
 *
 * @param uses the keys and where the code names them
 */
public record FlagUses(List<FlagUse> uses) {

    public FlagUses {
        uses = List.copyOf(uses);
    }
}
