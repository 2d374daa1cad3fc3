package io.flagbridge.internal.sdk;

/**
 * One thing FlagBridge reaches inside ConfigCat's SDK, whether this SDK version lets it, and what FlagBridge does
 * without it.
 *
 * @param what the private parts, as the SDK names them
 * @param without what FlagBridge does (or cannot do) when they are missing
 * @param available whether every one of them was found
 */
public record Reach(String what, String without, boolean available) {
}
