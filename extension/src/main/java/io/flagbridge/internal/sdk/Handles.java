package io.flagbridge.internal.sdk;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;

import com.configcat.ConfigCatClient;

/**
 * Looks a private part of ConfigCat's SDK up once: a handle, or null when this SDK version lacks it. Each reach of
 * this package keeps its own handles and says, in its {@link Reach}, what FlagBridge does without them.
 */
final class Handles {

    private Handles() {
    }

    interface Lookup<T> {
        T find() throws ReflectiveOperationException;
    }

    /** A method or var handle, or null when this SDK version lacks it. */
    static <T> T find(Lookup<T> lookup) {
        try {
            return lookup.find();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** A field made writable (final ones included), or null. */
    static Field field(Class<?> type, String name) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** A class of the SDK by name, or {@code Object} when it is gone (its members are then not found). */
    static Class<?> type(String name) {
        try {
            return Class.forName(name, false, ConfigCatClient.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return Object.class;
        }
    }

    static MethodHandles.Lookup in(Class<?> type) {
        try {
            return MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        } catch (IllegalAccessException | RuntimeException e) {
            return MethodHandles.publicLookup();
        }
    }

    /** Whether none of them is null. */
    static boolean all(Object... handles) {
        for (Object handle : handles) {
            if (handle == null) {
                return false;
            }
        }
        return true;
    }
}
