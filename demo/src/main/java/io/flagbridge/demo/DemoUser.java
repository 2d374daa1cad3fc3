package io.flagbridge.demo;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import com.configcat.User;

import io.flagbridge.FlagUserResolver;

/** The shopper: the {@code X-User} header or the {@code user} query parameter ({@code ann@example.com} style). */
@RequestScoped
public class DemoUser implements FlagUserResolver {

    @Inject
    HttpServletRequest request;

    @Override
    public Optional<User> currentUser() {
        String id = request.getHeader("X-User");
        if (id == null || id.isBlank()) {
            id = request.getParameter("user");
        }
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        User.Builder user = User.newBuilder().country(request.getParameter("country"));
        if (id.contains("@")) {
            user.email(id);
        }
        return Optional.of(user.build(id));
    }
}
