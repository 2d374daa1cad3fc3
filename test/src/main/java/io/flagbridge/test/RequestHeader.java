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
 * A header of the {@link TestRequest} that a {@link FlagBridgeTest}'s beans see, set before each test: on the test
 * class for every test, on a test method for that one (a method's header of a name wins over the class's). For
 * example {@code @RequestHeader(name = "X-User", value = "ann")} for an application whose
 * {@code FlagUserResolver} reads the user from that header.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Repeatable(RequestHeader.List.class)
@ExtendWith(FlagBridgeJUnit.class)
public @interface RequestHeader {

    /**
     * The header's name, not blank.
     *
     * @return the header's name
     */
    String name();

    /**
     * Its value.
     *
     * @return the header's value
     */
    String value();

    /** Several {@link RequestHeader}s on one class or method. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ ElementType.TYPE, ElementType.METHOD })
    @ExtendWith(FlagBridgeJUnit.class)
    @interface List {
        /**
         * The headers, in the order written.
         *
         * @return the headers
         */
        RequestHeader[] value();
    }
}
