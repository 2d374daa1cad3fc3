package io.flagbridge.internal.util;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * FlagBridge's logger: a {@code java.util.logging} logger whose lines name the application they are about, so that
 * two applications on one server can be told apart ({@code FLAGBRIDGE-0079: ... [application 'shop']}). The
 * application is found by the thread's context class loader (a deployment's thread, a request's, or one of the
 * threads FlagBridge or ConfigCat started for it, which inherit it); a line of an application that has no name (Weld SE
 * without {@code flagbridge.application-name}) is left as it is.
 */
public final class AppLog {

    private static final Map<ClassLoader, String> NAMES = Collections.synchronizedMap(new WeakHashMap<>());

    private final Logger logger;

    private AppLog(Logger logger) {
        this.logger = logger;
    }

    public static AppLog of(Class<?> type) {
        return new AppLog(Logger.getLogger(type.getName()));
    }

    public static AppLog named(String name) {
        return new AppLog(Logger.getLogger(name));
    }

    /** From now on, lines logged on threads of this class loader name the application. */
    public static void name(ClassLoader loader, String application) {
        NAMES.put(loader, application);
    }

    /** The application has stopped. */
    public static void forget(ClassLoader loader) {
        NAMES.remove(loader);
    }

    /** The line with the application's name, when this thread belongs to a named application. */
    static String tagged(String message) {
        String application = application();
        if (application == null || message == null || message.contains("application '" + application + "'")) {
            return message;
        }
        return message + " [application '" + application + "']";
    }

    private static String application() {
        synchronized (NAMES) {
            for (ClassLoader loader = Thread.currentThread().getContextClassLoader(); loader != null; loader = loader
                    .getParent()) {
                String name = NAMES.get(loader);
                if (name != null) {
                    return name;
                }
            }
            return null;
        }
    }

    public Logger logger() {
        return logger;
    }

    public boolean isLoggable(Level level) {
        return logger.isLoggable(level);
    }

    public void severe(String message) {
        log(Level.SEVERE, message);
    }

    public void warning(String message) {
        log(Level.WARNING, message);
    }

    public void info(String message) {
        log(Level.INFO, message);
    }

    public void fine(String message) {
        log(Level.FINE, message);
    }

    public void log(Level level, String message) {
        if (logger.isLoggable(level)) {
            logger.logp(level, logger.getName(), null, tagged(message));
        }
    }

    public void log(Level level, String message, Throwable thrown) {
        if (logger.isLoggable(level)) {
            logger.logp(level, logger.getName(), null, tagged(message), thrown);
        }
    }
}
