package io.flagbridge.internal.request;

import com.configcat.EvaluationDetails;

import io.flagbridge.RequestFlags;
import io.flagbridge.internal.users.CurrentUser;

/** The {@link RequestFlags} bean: the request's values for the current user. */
public final class CurrentRequestFlags implements RequestFlags {

    private final Requests requests;
    private final CurrentUser users;

    public CurrentRequestFlags(Requests requests, CurrentUser users) {
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
