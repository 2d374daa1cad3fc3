package io.flagbridge.internal.users;

import java.security.Principal;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.inject.Instance;

import io.flagbridge.FlagUserResolver;
import io.flagbridge.internal.request.Requests;

/** Builds the application's {@link CurrentUser} from the beans it has. */
public final class Users {

    private Users() {
    }

    /**
     * @param resolver the application's resolver, if it has one
     * @param principal the container's {@code Principal} bean, if it has one
     * @param beans the application's beans, for the web request where there is a servlet container
     */
    public static CurrentUser of(Optional<FlagUserResolver> resolver, Instance<Principal> principal,
            Instance<Object> beans) {
        Instance<Requests> requests = beans.select(Requests.class);
        return new CurrentUser(resolver.orElse(null), webRequests(beans),
                principal.isResolvable() ? principal : null, requests.isResolvable() ? requests.get() : null);
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
