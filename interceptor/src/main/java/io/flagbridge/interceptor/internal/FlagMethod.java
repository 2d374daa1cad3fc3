package io.flagbridge.interceptor.internal;

import java.lang.invoke.MethodHandle;

import com.configcat.User;

/**
 * What the interceptor needs about one {@code @FeatureFlag} method, resolved at deployment.
 *
 * @param key the flag key
 * @param defaultValue the value when the flag cannot be evaluated
 * @param fallback {@code (Object target, Object[] arguments) -> Object}, or {@code null} when there is none
 * @param userParameter the index of the {@code @FlagUser} parameter, or -1
 * @param userParameterIsIdentifier whether that parameter is a {@code String} identifier (else a {@code User})
 * @param description the method, for messages
 * @param keyOrigin where the key was set when not in the annotation ({@code " with <config key>=<key>"}), else empty
 */
record FlagMethod(String key, boolean defaultValue, MethodHandle fallback, int userParameter,
        boolean userParameterIsIdentifier, String description, String keyOrigin) {

    static final int NO_USER_PARAMETER = -1;

    /** The user from the {@code @FlagUser} argument; {@code null} means no user. */
    User userFrom(Object[] arguments) {
        Object argument = arguments[userParameter];
        if (argument == null) {
            return null;
        }
        return userParameterIsIdentifier ? User.newBuilder().build((String) argument) : (User) argument;
    }
}
