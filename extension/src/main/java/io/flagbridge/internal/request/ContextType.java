package io.flagbridge.internal.request;

/** The name of FlagBridge's thread context type in MicroProfile Context Propagation and Jakarta Concurrency. */
public final class ContextType {

    /** The request's user and fixed flag values. */
    public static final String NAME = "FlagBridge";

    private ContextType() {
    }
}
