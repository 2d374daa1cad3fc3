package io.flagbridge.benchmarks;

import jakarta.enterprise.context.ApplicationScoped;

import com.configcat.User;

/** P1's baseline: the same method behind the hand-written {@link RawFlagInterceptor}. */
@ApplicationScoped
public class RawGated {

    @RawFlag
    public int run(User user) {
        return 1;
    }
}
