package io.flagbridge.internal.runtime;

import java.security.Principal;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.Destroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.event.Shutdown;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import com.configcat.ConfigCache;

import io.flagbridge.FlagEvaluated;
import io.flagbridge.FlagUserResolver;
import io.flagbridge.RequestFlags;
import io.flagbridge.internal.Messages;
import io.flagbridge.internal.changes.ChangeNotice;
import io.flagbridge.internal.client.DeclaredFlags;
import io.flagbridge.internal.request.CurrentRequestFlags;
import io.flagbridge.internal.spi.TestKit;
import io.flagbridge.internal.users.CurrentUser;
import io.flagbridge.internal.users.Users;
import io.flagbridge.internal.util.AppLog;

/**
 * The application's FlagBridge where it runs under {@link FlagBridgeBuildExtension} (Quarkus): a bean that owns the
 * {@link FlagBridgeRuntime}, starts it on CDI's {@code Startup} event (or at the first use of one of its beans, if that
 * comes earlier) and closes it on {@code Shutdown}, after the application's own observers. It also carries
 * FlagBridge's async observers (Segment's), which do nothing while Segment is off.
 */
@Singleton
public class FlagBridgeLifecycle {

    /** Before the application's {@code Startup} observers (the default priority): they may evaluate flags. */
    static final int START = Interceptor.Priority.PLATFORM_BEFORE;
    /** After the application's {@code Shutdown} observers and OpenFeature's: flags work until then. */
    static final int STOP = Interceptor.Priority.PLATFORM_AFTER + 500;

    private final BeanManager beanManager;
    private final Instance<TestKit> kit;
    private final Instance<DeclaredFlags> declared;
    private final Instance<ConfigCache> cache;
    private final Instance<FlagUserResolver> resolver;
    private final Instance<Principal> principal;
    private volatile FlagBridgeRuntime runtime;
    private volatile CurrentUser currentUser;
    private volatile boolean stopped;

    /**
     * Every bean FlagBridge looks for comes through an injection point here: a container that removes unused beans
     * (Quarkus) keeps those it sees one for.
     */
    @Inject
    public FlagBridgeLifecycle(BeanManager beanManager, Instance<TestKit> kit, Instance<DeclaredFlags> declared,
            Instance<ConfigCache> cache, Instance<FlagUserResolver> resolver, Instance<Principal> principal) {
        this.beanManager = beanManager;
        this.kit = kit;
        this.declared = declared;
        this.cache = cache;
        this.resolver = resolver;
        this.principal = principal;
    }

    public void start(@Observes @Priority(START) Startup startup) {
        runtime();
        // The user of a request is captured when it hands work to another thread, maybe before anything else asked.
        currentUser();
    }

    /** A request context starts: the first evaluation of a flag in it fixes its value for the rest of it. */
    public void requestStarts(@Observes @Initialized(RequestScoped.class) Object request) {
        FlagBridgeRuntime current = runtime;
        if (current != null) {
            current.requests().begin();
        }
    }

    public void requestEnds(@Observes @Destroyed(RequestScoped.class) Object request) {
        FlagBridgeRuntime current = runtime;
        if (current != null) {
            current.requests().end();
        }
    }

    /** {@link RequestFlags}: the request's flags, for its current user. */
    @Produces
    @RequestScoped
    public RequestFlags requestFlags() {
        return new CurrentRequestFlags(runtime().requests(), currentUser()::get);
    }

    /**
     * The application's runtime, built and started at the first call.
     *
     * @throws jakarta.enterprise.inject.spi.DeploymentException naming the configuration's problems: the application
     *         does not start
     */
    public FlagBridgeRuntime runtime() {
        FlagBridgeRuntime current = runtime;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (runtime == null) {
                if (stopped) {
                    throw new IllegalStateException(Messages.clientOutsideItsLifetime());
                }
                RuntimeStart.start(beanManager, RuntimeStart.Beans.of(beanManager, kit, declared, cache),
                        built -> runtime = built);
            }
            return runtime;
        }
    }

    /** Where the current user comes from: the application's resolver, else the caller. */
    public CurrentUser currentUser() {
        CurrentUser current = currentUser;
        if (current == null) {
            current = Users.of(RuntimeStart.one(resolver), principal, beanManager.createInstance());
            currentUser = current;
        }
        return current;
    }

    public void evaluated(@ObservesAsync FlagEvaluated event) {
        runtime().segment().ifPresent(segment -> segment.evaluated(event));
    }

    public void changed(@ObservesAsync ChangeNotice notice) {
        runtime().segment().ifPresent(segment -> segment.changed(notice));
    }

    public void stop(@Observes @Priority(STOP) Shutdown shutdown) {
        FlagBridgeRuntime current;
        synchronized (this) {
            stopped = true;
            current = runtime;
        }
        if (current != null) {
            current.close();
        }
        AppLog.forget(RuntimeStart.applicationLoader());
    }
}
