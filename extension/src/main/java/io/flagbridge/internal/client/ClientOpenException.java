package io.flagbridge.internal.client;

/** The ConfigCat client could not be created. The message names no secret. */
public final class ClientOpenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ClientOpenException(String message) {
        super(message);
    }
}
