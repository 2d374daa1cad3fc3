package io.flagbridge.internal.sdk;

import java.lang.invoke.MethodHandle;
import java.util.Map;
import java.util.Optional;

import com.configcat.User;

/**
 * A user's attributes. Why the SDK's private parts: ConfigCat 9.4.x's {@code User} gives its attributes only one by
 * name ({@code getAttribute}) or all as JSON text ({@code toString()}), too slow to parse for every exposure; its
 * {@code attributes} map is read instead.
 */
public final class UserAttributes {

    private static final MethodHandle ATTRIBUTES = Handles.find(() -> Handles.in(User.class).findGetter(User.class,
            "attributes", Map.class));

    private UserAttributes() {
    }

    static Reach reach() {
        return new Reach("User.attributes", "user attributes are read from the user's JSON text, more slowly",
                ATTRIBUTES != null);
    }

    /** The user's attribute map as ConfigCat keeps it, or empty when this SDK version hides it. */
    @SuppressWarnings("unchecked")
    public static Optional<Map<String, Object>> of(User user) {
        if (ATTRIBUTES == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable((Map<String, Object>) ATTRIBUTES.invoke(user));
        } catch (Throwable e) {
            return Optional.empty();
        }
    }
}
