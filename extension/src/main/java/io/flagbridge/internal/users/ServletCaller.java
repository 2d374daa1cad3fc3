package io.flagbridge.internal.users;

import java.security.Principal;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.inject.Instance;
import jakarta.servlet.http.HttpServletRequest;

/** The current web request's principal; loaded only where the Servlet API is there. */
final class ServletCaller implements Supplier<Optional<Principal>> {

    private final Instance<HttpServletRequest> request;

    private ServletCaller(Instance<HttpServletRequest> request) {
        this.request = request;
    }

    /** The caller of web requests, when the container has a {@code HttpServletRequest} bean. */
    static Optional<Supplier<Optional<Principal>>> of(Instance<Object> beans) {
        Instance<HttpServletRequest> request = beans.select(HttpServletRequest.class);
        return request.isResolvable() ? Optional.of(new ServletCaller(request)) : Optional.empty();
    }

    @Override
    public Optional<Principal> get() {
        return Optional.ofNullable(request.get().getUserPrincipal());
    }
}
