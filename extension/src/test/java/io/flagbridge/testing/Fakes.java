package io.flagbridge.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The tests' fixture for FlagBridge's fakes: a test class with {@code @ExtendWith(Fakes.class)} gets each field
 * marked {@link Fake} of type {@link FakeConfigCatCdn} or {@link FakeSegment} started before each test (before the
 * class's own {@code @BeforeEach} methods, which may serve flags on it) and closed after it (after the class's own
 * {@code @AfterEach} methods). A {@link Fake} field of any other {@link AutoCloseable} type (a {@link WeldApp}, a
 * delivery) is the test's to set; it is closed after each test, before the fakes, when set.
 */
public final class Fakes implements BeforeEachCallback, AfterEachCallback {

    /** A field that {@link Fakes} starts (a fake) or closes (anything else that is {@link AutoCloseable}). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Fake {
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Object test = context.getRequiredTestInstance();
        for (Field field : fields(test.getClass())) {
            if (field.getType() == FakeConfigCatCdn.class) {
                field.set(test, FakeConfigCatCdn.start());
            } else if (field.getType() == FakeSegment.class) {
                field.set(test, FakeSegment.start());
            } else if (!AutoCloseable.class.isAssignableFrom(field.getType())) {
                throw new IllegalStateException("@Fake " + field + ": expected a FakeConfigCatCdn, a FakeSegment or "
                        + "an AutoCloseable");
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Object test = context.getRequiredTestInstance();
        List<Field> fields = fields(test.getClass());
        List<Throwable> failures = new ArrayList<>();
        // What runs on the fakes first (an application, a delivery), then the fakes.
        for (boolean fakes : new boolean[] { false, true }) {
            for (Field field : fields) {
                boolean fake = field.getType() == FakeConfigCatCdn.class || field.getType() == FakeSegment.class;
                if (fake != fakes || !(field.get(test) instanceof AutoCloseable closeable)) {
                    continue;
                }
                try {
                    closeable.close();
                } catch (Exception | Error e) {
                    failures.add(e);
                }
                field.set(test, null);
            }
        }
        if (!failures.isEmpty()) {
            AssertionError failed = new AssertionError("closing the test's @Fake fields failed", failures.get(0));
            failures.stream().skip(1).forEach(failed::addSuppressed);
            throw failed;
        }
    }

    private static List<Field> fields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.isAnnotationPresent(Fake.class)) {
                    field.setAccessible(true);
                    fields.add(field);
                }
            }
        }
        return fields;
    }
}
