package io.flagbridge.it.request;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import com.configcat.User;

import io.flagbridge.FlagUserResolver;

/** The user is the web request's {@code user} parameter; a thread without the request has none. */
@ApplicationScoped
public class CallerUser implements FlagUserResolver {

    @Inject
    HttpServletRequest request;

    @Override
    public Optional<User> currentUser() {
        try {
            return Optional.ofNullable(request.getParameter("user")).map(name -> User.newBuilder().build(name));
        } catch (RuntimeException noRequestHere) {
            return Optional.empty();
        }
    }
}
