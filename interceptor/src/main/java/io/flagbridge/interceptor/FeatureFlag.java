package io.flagbridge.interceptor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

/**
 * Runs a method only when a ConfigCat boolean flag is on.
 * <p>
 * When the flag evaluates to {@code true} the method runs. When it is {@code false}, the {@link #fallbackMethod()}
 * runs with the same arguments if one is named; otherwise {@link FeatureDisabledException} is thrown (a JAX-RS
 * application answers it with {@code 404 Not Found}). The flag is evaluated through the application's
 * {@code ConfigCatClient}, for the user named by a {@link FlagUser} parameter, else by the application's
 * {@link io.flagbridge.FlagUserResolver}, else by the caller's principal.
 * <p>
 * On a type, it gates every business method of the bean; a method's own annotation wins over its type's. It works on
 * business methods of normal-scoped and {@code @Dependent} beans; on a private, static or final method, or on a final
 * class, it is a deployment error. Everything about the annotated method is checked and resolved at deployment.
 */
@Inherited
@InterceptorBinding
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface FeatureFlag {

    /**
     * The key of a boolean ConfigCat flag (setting). Must not be blank.
     *
     * @return the flag key
     */
    @Nonbinding
    String value();

    /**
     * The name of the method that runs instead when the flag is off. It must be declared in the same class (or a
     * superclass), with any visibility, with exactly the same parameter types, and a return type assignable to the
     * annotated method's. Empty (the default): no fallback, a {@link FeatureDisabledException} is thrown.
     *
     * @return the fallback method's name, or empty
     */
    @Nonbinding
    String fallbackMethod() default "";

    /**
     * The flag's value when it cannot be evaluated: unknown key, not a boolean setting, or no config data (ConfigCat
     * unreachable and nothing cached). Such an error is logged once per flag key.
     *
     * @return the value used when the flag cannot be evaluated
     */
    @Nonbinding
    boolean defaultValue() default false;
}
