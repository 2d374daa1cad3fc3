package io.flagbridge.interceptor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the parameter of a {@link FeatureFlag} method that says whom the flag is evaluated for: a
 * {@code com.configcat.User}, or a {@code String} that is the user's identifier. At most one parameter of a method may
 * carry it; a {@code null} argument means no user.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface FlagUser {
}
