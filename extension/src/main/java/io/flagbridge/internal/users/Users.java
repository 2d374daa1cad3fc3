package io.flagbridge.internal.users;

import java.security.Principal;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.inject.Instance;

import io.flagbridge.FlagUserResolver;

/** Builds the application's {@link CurrentUser} from the beans it has. */
public final class Users {

    private Users() {
    }

    /**
     * @param beans the container's beans, as a synthetic bean's creator sees them (for its built-in beans)
     * @param resolver the application's resolver, if it has one
     */
    public static CurrentUser of(Instance<Object> beans, Optional<FlagUserResolver> resolver) {
        Instance<Principal> principal = beans.select(Principal.class);
        return new CurrentUser(resolver.orElse(null), webRequests(beans), principal.isResolvable() ? principal : null);
    }

    private static Supplier<Optional<Principal>> webRequests(Instance<Object> beans) {
        try {
            Class.forName("jakarta.servlet.http.HttpServletRequest", false, Users.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null; // no Servlet API: no web requests
        }
        return ServletCaller.of(beans).orElse(null);
    }
}
