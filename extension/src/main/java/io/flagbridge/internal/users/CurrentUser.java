package io.flagbridge.internal.users;

import java.security.Principal;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.inject.Instance;

import com.configcat.User;

import io.flagbridge.FlagUserResolver;
import io.flagbridge.internal.Messages;
import io.flagbridge.internal.request.RequestValues;
import io.flagbridge.internal.request.Requests;
import io.flagbridge.internal.util.AppLog;

/**
 * Who the user is when the code that evaluates names none ({@code @FeatureFlag} without {@code @FlagUser}, OpenFeature
 * without a context): on a thread that runs work a request handed to a managed executor, the request's user; else the
 * application's {@link FlagUserResolver}; else the caller, where the container knows one;
 * else nobody. A caller who has not logged in is nobody: in a web request the servlet request's principal says so
 * ({@code null} for an anonymous caller, on every server); elsewhere the container's {@code Principal} bean, whose
 * anonymous principals (WildFly's {@code anonymous}, Liberty's {@code UNAUTHENTICATED}) count as none.
 */
public final class CurrentUser {

    private static final AppLog LOG = AppLog.of(CurrentUser.class);

    private final FlagUserResolver resolver;
    private final Supplier<Optional<Principal>> request;
    private final Instance<Principal> principal;
    private final Requests requests;
    private volatile boolean principalUsable = true;

    /**
     * @param resolver the application's resolver, or null
     * @param request the current web request's principal ({@link ContextNotActiveException} outside one), or null
     *        where there is no servlet container
     * @param principal the container's {@code Principal} bean, or null when it has none
     */
    public CurrentUser(FlagUserResolver resolver, Supplier<Optional<Principal>> request,
            Instance<Principal> principal) {
        this(resolver, request, principal, null);
    }

    /**
     * @param requests the application's requests, whose user a thread running work handed on by a request carries;
     *        or null
     */
    public CurrentUser(FlagUserResolver resolver, Supplier<Optional<Principal>> request, Instance<Principal> principal,
            Requests requests) {
        this.resolver = resolver;
        this.request = request;
        this.principal = principal;
        this.requests = requests;
        if (requests != null) {
            requests.users(this::get);
        }
    }

    /** The user, or null for none: on a thread that runs work handed on by a request, the request's user. */
    public User get() {
        if (requests != null) {
            RequestValues handedOn = requests.current();
            if (handedOn != null && handedOn.carriesUser()) {
                return handedOn.user();
            }
        }
        if (resolver != null) {
            User user = resolver.currentUser().orElse(null);
            if (user != null) {
                return user;
            }
        }
        String caller = callerName();
        return caller == null ? null : User.newBuilder().build(caller);
    }

    private String callerName() {
        if (request != null) {
            try {
                return request.get().map(Principal::getName).filter(name -> !name.isBlank()).orElse(null);
            } catch (ContextNotActiveException e) {
                // not in a web request: the Principal bean below
            }
        }
        if (principal == null || !principalUsable) {
            return null;
        }
        try {
            // The built-in bean is a proxy: it is asked for the real principal when it is used.
            Principal caller = principal.get();
            String name = caller == null ? null : caller.getName();
            return name == null || name.isBlank() || isAnonymous(caller, name) ? null : name;
        } catch (RuntimeException e) {
            // Open Liberty without application security offers the bean but cannot give a principal: stop asking.
            if (principalUsable) {
                principalUsable = false;
                LOG.info(Messages.principalUnusable(e));
            }
            return null;
        }
    }

    /** The principal servers give a caller who has not logged in (WildFly, Open Liberty). */
    static boolean isAnonymous(Principal principal, String name) {
        return name.equals("anonymous") || name.equals("UNAUTHENTICATED")
                || principal.getClass().getSimpleName().equals("AnonymousPrincipal");
    }
}
