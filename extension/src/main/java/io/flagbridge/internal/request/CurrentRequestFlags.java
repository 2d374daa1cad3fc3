package io.flagbridge.internal.request;

import java.util.function.Supplier;

import com.configcat.EvaluationDetails;
import com.configcat.User;

import io.flagbridge.RequestFlags;

/** The {@link RequestFlags} bean: the request's values for the current user. */
public final class CurrentRequestFlags implements RequestFlags {

    private final Requests requests;
    private final Supplier<User> users;

    public CurrentRequestFlags(Requests requests, Supplier<User> users) {
        this.requests = requests;
        this.users = users;
    }

    @Override
    public <T> T getValue(Class<T> type, String key, T defaultValue) {
        T value = getValueDetails(type, key, defaultValue).getValue();
        return value != null ? value : defaultValue;
    }

    @Override
    public <T> EvaluationDetails<T> getValueDetails(Class<T> type, String key, T defaultValue) {
        return requests.details(type, key, users.get(), defaultValue);
    }
}
