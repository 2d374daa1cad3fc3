package io.flagbridge.benchmarks;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.configcat.User;

import io.flagbridge.FlagUserResolver;

/** P8: the application's current user, the same one for every call (set before the measurement). */
@ApplicationScoped
public class BenchUser implements FlagUserResolver {

    private volatile User user;

    void set(User current) {
        user = current;
    }

    @Override
    public Optional<User> currentUser() {
        return Optional.ofNullable(user);
    }
}
