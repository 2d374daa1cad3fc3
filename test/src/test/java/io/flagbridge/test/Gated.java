package io.flagbridge.test;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.configcat.ConfigCatClient;
import com.configcat.User;

import io.flagbridge.interceptor.FeatureFlag;

/** A bean of the application under test: one gated method, and reads of each flag type through the client. */
@ApplicationScoped
public class Gated {

    @Inject
    ConfigCatClient client;

    @FeatureFlag("beta")
    public String beta() {
        return "beta ran";
    }

    public boolean betaFor(String user) {
        return client.getValue(Boolean.class, "beta", User.newBuilder().build(user), false);
    }

    public String greeting(String user) {
        return client.getValue(String.class, "greeting", User.newBuilder().build(user), "default");
    }

    public int limit() {
        return client.getValue(Integer.class, "limit", -1);
    }

    public double ratio() {
        return client.getValue(Double.class, "ratio", -1.0);
    }
}
