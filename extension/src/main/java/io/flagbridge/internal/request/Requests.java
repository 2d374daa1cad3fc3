package io.flagbridge.internal.request;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.configcat.ConfigCatClient;
import com.configcat.EvaluationDetails;
import com.configcat.User;

import io.flagbridge.internal.Messages;
import io.flagbridge.internal.client.StaticResults;

/**
 * One application's requests: {@link #begin()} and {@link #end()} are told when a request context starts and ends on
 * a thread (CDI's {@code @Initialized}/{@code @Destroyed(RequestScoped.class)} events), and evaluations made inside
 * one go through {@link RequestValues}, so that the first result of a flag for a user is the request's. Outside a
 * request (no request of the application open on any thread) an evaluation reads one volatile field more than the
 * client's own.
 */
public final class Requests {

    private static final Logger LOG = Logger.getLogger(Requests.class.getName());

    private final boolean consistent;
    /** The application's requests and propagated contexts open now, on any thread. */
    private final AtomicInteger open = new AtomicInteger();
    private volatile ConfigCatClient client;
    private volatile StaticResults staticResults;
    private volatile Supplier<User> users;

    /** @param consistent {@code flagbridge.request-consistency} */
    public Requests(boolean consistent) {
        this.consistent = consistent;
    }

    /** Whether a request fixes its values ({@code flagbridge.request-consistency}). */
    public boolean consistent() {
        return consistent;
    }

    /**
     * The application's client, once it is open.
     *
     * @param results FlagBridge's own results of flags without rules, or null when it has none for this client
     */
    public void client(ConfigCatClient opened, StaticResults results) {
        staticResults = results;
        client = opened;
    }

    ConfigCatClient client() {
        ConfigCatClient current = client;
        if (current == null) {
            throw new IllegalStateException(Messages.clientOutsideItsLifetime());
        }
        return current;
    }

    /** Where the user of a request comes from (the current user), captured when work is handed to another thread. */
    public void users(Supplier<User> current) {
        users = current;
    }

    /**
     * A request context started on this thread. A request of an earlier one whose end was told on another thread (an
     * asynchronous servlet) is dropped; a propagated one (this thread runs a task of another request) comes back at
     * the end.
     */
    public void begin() {
        if (!consistent) {
            return;
        }
        RequestValues here = RequestValues.CURRENT.get();
        open.incrementAndGet();
        RequestValues.CURRENT.set(RequestValues.begin(this, here != null && here.isPropagated() ? here : null));
    }

    /** The request context of this thread ends. */
    public void end() {
        if (!consistent) {
            return;
        }
        open.decrementAndGet();
        RequestValues here = RequestValues.CURRENT.get();
        if (here != null && here.owner() == this && !here.isPropagated()) {
            restore(here.outer());
        }
    }

    /** This thread's request of this application, or null. */
    public RequestValues current() {
        if (open.get() == 0) {
            return null; // no request anywhere: no thread-local read
        }
        RequestValues here = RequestValues.CURRENT.get();
        return here != null && here.owner() == this ? here : null;
    }

    /** Forgets the results this thread's request fixed (a test kit's override changed). */
    public void forgetCurrent() {
        RequestValues here = current();
        if (here != null) {
            here.forget();
        }
    }

    /** The flag's details for the user: the request's result inside a request, else the client's. */
    public <T> EvaluationDetails<T> details(Class<T> type, String key, User user, T defaultValue) {
        RequestValues here = current();
        return here != null ? here.details(type, key, user, defaultValue) : evaluate(type, key, user, defaultValue);
    }

    /** A new evaluation of the flag for the user: {@link StaticResults}' when it has one, else the client's. */
    <T> EvaluationDetails<T> evaluate(Class<T> type, String key, User user, T defaultValue) {
        ConfigCatClient current = client();
        StaticResults results = staticResults;
        return results != null ? results.details(type, key, user, defaultValue)
                : current.getValueDetails(type, key, user, defaultValue);
    }

    static void restore(RequestValues previous) {
        if (previous == null) {
            RequestValues.CURRENT.remove();
        } else {
            RequestValues.CURRENT.set(previous);
        }
    }

    /**
     * The calling thread's request, to hand on to another thread with its user (resolved now: the request may be
     * over when the work runs). Never throws: a user that cannot be resolved is left to the other thread.
     */
    public static Handover capture() {
        RequestValues here = RequestValues.CURRENT.get();
        if (here == null) {
            return Handover.NONE;
        }
        if (here.isPropagated()) {
            return new Handover(here.propagated(here.carriesUser(), here.user()));
        }
        Supplier<User> current = here.owner().users;
        if (current == null) {
            return new Handover(here.propagated(false, null));
        }
        try {
            return new Handover(here.propagated(true, current.get()));
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "the request's user could not be resolved for another thread", e);
            return new Handover(here.propagated(false, null));
        }
    }

    /** A request handed on to another thread; {@link #NONE} clears the thread's. */
    public static final class Handover {

        /** No request: the task runs without one. */
        public static final Handover NONE = new Handover(null);

        private final RequestValues values;

        private Handover(RequestValues values) {
            this.values = values;
        }

        /** Puts the request on the calling thread; the returned action puts back what was there. */
        public Runnable begin() {
            RequestValues previous = RequestValues.CURRENT.get();
            if (values == null) {
                RequestValues.CURRENT.remove();
                return () -> restore(previous);
            }
            Requests owner = values.owner();
            owner.open.incrementAndGet();
            RequestValues.CURRENT.set(values);
            return () -> {
                restore(previous);
                owner.open.decrementAndGet();
            };
        }
    }
}
