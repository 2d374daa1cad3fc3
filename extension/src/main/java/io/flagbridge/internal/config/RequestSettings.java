package io.flagbridge.internal.config;

import java.util.Optional;

import io.flagbridge.internal.Messages;

import static io.flagbridge.internal.ConfigKeys.REQUEST_CONSISTENCY;

/**
 * The validated {@code flagbridge.request-consistency}.
 *
 * @param consistent whether the first evaluation of a flag for a user fixes its result for the rest of the request
 */
public record RequestSettings(boolean consistent) {

    /** Reads and checks the key; empty when the reader reported a problem. */
    public static Optional<RequestSettings> read(ConfigReader reader) {
        int before = reader.problems().size();
        boolean consistent = reader.bool(REQUEST_CONSISTENCY, true, Messages::requestConsistencyInvalid);
        return reader.problems().size() > before ? Optional.empty() : Optional.of(new RequestSettings(consistent));
    }
}
