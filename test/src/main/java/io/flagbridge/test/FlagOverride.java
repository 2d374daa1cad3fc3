package io.flagbridge.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import io.flagbridge.test.internal.FlagBridgeJUnit;

/**
 * Overrides a flag for a JUnit 5 test: set (through {@link TestFlags}) before each test and cleared after it. On the
 * test class it applies to every test; on a test method to that one, and a method's override of a key wins over the
 * class's. Works with {@link FlagBridgeTest} on Weld and in an Arquillian in-container test (where the kit is in the
 * test WAR); outside a container, on Arquillian's client side for example, it does nothing.
 * <p>
 * Before each test that it applies to, the kit also clears the overrides, the {@link RecordedSegment} and
 * FlagBridge's dedupe memory, so each test starts alike.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Repeatable(FlagOverride.List.class)
@ExtendWith(FlagBridgeJUnit.class)
public @interface FlagOverride {

    /**
     * The flag key, not blank; one override per key on one class or method.
     *
     * @return the flag key
     */
    String key();

    /**
     * The value, read as the flag's type (as the config or {@code @FeatureFlag} tells it): {@code true} or
     * {@code false} (any case) for a boolean flag, a whole number in the int range, a decimal number, or any text;
     * for a flag of unknown type, by its form. A value that does not fit fails the test with {@code FLAGBRIDGE-0202}.
     *
     * @return the value, as text
     */
    String value();

    /** Several {@link FlagOverride}s on one class or method. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ ElementType.TYPE, ElementType.METHOD })
    @ExtendWith(FlagBridgeJUnit.class)
    @interface List {
        /**
         * The overrides, in the order written.
         *
         * @return the overrides
         */
        FlagOverride[] value();
    }
}
