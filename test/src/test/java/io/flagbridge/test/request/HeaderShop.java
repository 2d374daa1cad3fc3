package io.flagbridge.test.request;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import com.configcat.User;

import io.flagbridge.FlagUserResolver;
import io.flagbridge.interceptor.FeatureFlag;

/** An application bean as the README's quick start has it: the user from the request's X-User header. */
@RequestScoped
public class HeaderShop implements FlagUserResolver {

    @Inject
    HttpServletRequest request;

    @Override
    public Optional<User> currentUser() {
        String id = request.getHeader("X-User");
        return id == null || id.isBlank() ? Optional.empty() : Optional.of(User.newBuilder().build(id));
    }

    @FeatureFlag("beta")
    public String beta() {
        return "beta ran";
    }

    HttpServletRequest request() {
        return request;
    }
}
