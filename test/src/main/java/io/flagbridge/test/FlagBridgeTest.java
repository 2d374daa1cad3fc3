package io.flagbridge.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import io.flagbridge.test.internal.FlagBridgeJUnit;

/**
 * A JUnit 5 test class that runs against its own Weld SE container: the listed bean classes, FlagBridge, every other
 * CDI extension of the class path and the test kit, with {@code @Inject} into the test instance's fields (the test
 * class itself is not a bean). The container starts before the class's first test and stops after its last; a
 * request context is active during each test. Configuration is the class path's MicroProfile Config
 * ({@code META-INF/microprofile-config.properties}, system properties, environment); without an SDK key and flag
 * file the kit makes the flags local-only with no flags (set them with {@link FlagOverride} or {@link TestFlags}),
 * and Segment messages are recorded ({@link RecordedSegment}) without a write key.
 * <p>
 * Each class has its own container, overrides and recording, so classes may run in parallel. Before each test the
 * overrides, the recording and FlagBridge's dedupe memory are cleared.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(FlagBridgeJUnit.class)
public @interface FlagBridgeTest {

    /**
     * The application's bean classes for this test (their interceptors and producers included).
     *
     * @return the bean classes; none by default
     */
    Class<?>[] beans() default {};
}
