package io.flagbridge.benchmarks;

import jakarta.enterprise.context.ApplicationScoped;

import com.configcat.User;

import io.flagbridge.interceptor.FeatureFlag;
import io.flagbridge.interceptor.FlagUser;

/** P1: the method gated by FlagBridge's {@code @FeatureFlag}. */
@ApplicationScoped
public class FlagBridgeGated {

    @FeatureFlag(BenchApp.TARGETED)
    public int run(@FlagUser User user) {
        return 1;
    }
}
