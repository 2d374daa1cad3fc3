package io.flagbridge.internal.request;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.configcat.EvaluationDetails;
import com.configcat.User;

/**
 * One request's fixed results on one thread: the request's own thread, or a thread that runs work handed on by it
 * (propagated: then it also carries the request's user). The results are shared by every thread of the request.
 */
public final class RequestValues {

    /** The thread's request, of whichever application; null outside one. Cleared when the request ends. */
    static final ThreadLocal<RequestValues> CURRENT = new ThreadLocal<>();

    private final Requests owner;
    private final Fixed fixed;
    private final boolean propagated;
    private final boolean carriesUser;
    private final User user;
    /** The propagated request this one runs inside (a request context begun in a task), restored at its end. */
    private final RequestValues outer;

    private RequestValues(Requests owner, Fixed fixed, boolean propagated, boolean carriesUser, User user,
            RequestValues outer) {
        this.owner = owner;
        this.fixed = fixed;
        this.propagated = propagated;
        this.carriesUser = carriesUser;
        this.user = user;
        this.outer = outer;
    }

    /**
     * A new request of {@code owner}'s application on this thread. Inside a task of one of its requests (the
     * container propagated the request context with the task, or the task activates one), it is still that request:
     * same user, same values.
     */
    static RequestValues begin(Requests owner, RequestValues outer) {
        if (outer != null && outer.owner == owner) {
            return new RequestValues(owner, outer.fixed, false, outer.carriesUser, outer.user, outer);
        }
        return new RequestValues(owner, new Fixed(), false, false, null, outer);
    }

    /** These values on another thread, with the request's user ({@code carriesUser} false: the user was unknown). */
    RequestValues propagated(boolean withUser, User requestUser) {
        return new RequestValues(owner, fixed, true, withUser, requestUser, null);
    }

    Requests owner() {
        return owner;
    }

    boolean isPropagated() {
        return propagated;
    }

    RequestValues outer() {
        return outer;
    }

    /** Whether this thread runs work of a request whose user it carries ({@link #user()}). */
    public boolean carriesUser() {
        return carriesUser;
    }

    /** The request's user, when {@link #carriesUser()}; null for none. */
    public User user() {
        return user;
    }

    /**
     * The request's result for the flag and user (by identifier; no user is a user of its own): the fixed one when an
     * evaluation of the same type came first, else a new evaluation, fixed unless it fell back to the default on an
     * error (that is no value of the flag).
     */
    @SuppressWarnings("unchecked")
    public <T> EvaluationDetails<T> details(Class<T> type, String key, User forUser, T defaultValue) {
        Map<String, EvaluationDetails<?>> ofUser = fixed.of(forUser);
        EvaluationDetails<?> first = ofUser.get(key);
        if (first != null && type.isInstance(first.getValue())) {
            return (EvaluationDetails<T>) first;
        }
        EvaluationDetails<T> details = owner.evaluate(type, key, forUser, defaultValue);
        if (details.getError() == null && details.getValue() != null) {
            EvaluationDetails<?> raced = ofUser.putIfAbsent(key, details);
            if (raced != null && type.isInstance(raced.getValue())) {
                return (EvaluationDetails<T>) raced; // another thread of the request was first
            }
        }
        return details;
    }

    /** Forgets every fixed result of the request. */
    void forget() {
        fixed.forget();
    }

    /** The results, by user identifier and flag key; no user has its own table. */
    private static final class Fixed {

        private final Map<String, Map<String, EvaluationDetails<?>>> byUser = new ConcurrentHashMap<>();
        private volatile Map<String, EvaluationDetails<?>> noUser;

        synchronized void forget() {
            byUser.clear();
            noUser = null;
        }

        Map<String, EvaluationDetails<?>> of(User user) {
            if (user == null) {
                Map<String, EvaluationDetails<?>> table = noUser;
                if (table == null) {
                    synchronized (this) {
                        table = noUser;
                        if (table == null) {
                            table = new ConcurrentHashMap<>();
                            noUser = table;
                        }
                    }
                }
                return table;
            }
            String identifier = user.getIdentifier();
            Map<String, EvaluationDetails<?>> table = byUser.get(identifier);
            return table != null ? table : byUser.computeIfAbsent(identifier, id -> new ConcurrentHashMap<>());
        }
    }
}
