package io.flagbridge.interceptor.internal;

import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.inject.spi.AnnotatedParameter;
import jakarta.enterprise.inject.spi.AnnotatedType;

import com.configcat.User;

import io.flagbridge.interceptor.FeatureFlag;
import io.flagbridge.interceptor.FlagUser;

/**
 * Reads and checks the {@code @FeatureFlag} methods of one bean class, once, at deployment. Each misuse becomes a
 * coded message that names the class, the method and the problem.
 */
final class FlagMethods {

    private final Map<Method, FlagMethod> methods = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final MemberSettings settings;

    private FlagMethods(MemberSettings settings) {
        this.settings = settings;
    }

    /**
     * The gated methods of a bean class as the container sees it (with what extensions changed), keyed by the
     * {@link Method} that {@code InvocationContext} reports.
     *
     * @param settings the members set in MicroProfile Config, which win over the annotation's
     */
    static FlagMethods of(AnnotatedType<?> type, MemberSettings settings) {
        FlagMethods result = new FlagMethods(settings);
        result.read(type.getJavaClass(), type.getAnnotation(FeatureFlag.class), type.getMethods().stream()
                .map(method -> new Member(method.getJavaMember(), method.getAnnotation(FeatureFlag.class),
                        method.getParameters().stream().filter(p -> p.isAnnotationPresent(FlagUser.class))
                                .map(AnnotatedParameter::getPosition).toList()))
                .toList());
        return result;
    }

    /**
     * The gated methods of a bean class as its class files say (where the container offers no {@code AnnotatedType}:
     * a build compatible extension's container), keyed like {@link #of(AnnotatedType)}: its methods and those it
     * inherits, an overridden one once.
     *
     * @param settings the members set in MicroProfile Config, which win over the annotation's
     */
    static FlagMethods of(Class<?> beanClass, MemberSettings settings) {
        List<Member> members = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Class<?> c = beanClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (!seen.add(method.getName() + parameters(method.getParameterTypes()))) {
                    continue; // overridden by a subclass
                }
                List<Integer> users = new ArrayList<>();
                Annotation[][] parameters = method.getParameterAnnotations();
                for (int i = 0; i < parameters.length; i++) {
                    if (Arrays.stream(parameters[i]).anyMatch(a -> a.annotationType() == FlagUser.class)) {
                        users.add(i);
                    }
                }
                members.add(new Member(method, method.getAnnotation(FeatureFlag.class), users));
            }
        }
        FlagMethods result = new FlagMethods(settings);
        result.read(beanClass, beanClass.getAnnotation(FeatureFlag.class), members);
        return result;
    }

    /**
     * A method of a bean class.
     *
     * @param method the method
     * @param flag its own {@code @FeatureFlag}, or null
     * @param flagUsers the positions of its {@code @FlagUser} parameters
     */
    private record Member(Method method, FeatureFlag flag, List<Integer> flagUsers) {
    }

    Map<Method, FlagMethod> methods() {
        return methods;
    }

    List<String> problems() {
        return problems;
    }

    private void read(Class<?> beanClass, FeatureFlag onType, List<Member> members) {
        boolean anyAnnotated = onType != null;
        for (Member annotated : members) {
            Method method = annotated.method();
            if (method.getDeclaringClass() == Object.class || method.isSynthetic() || method.isBridge()) {
                continue;
            }
            FeatureFlag onMethod = annotated.flag();
            anyAnnotated |= onMethod != null;
            if (onMethod == null && (onType == null || !isBusinessMethod(method))) {
                continue;
            }
            FeatureFlag flag = onMethod != null ? onMethod : onType;
            Class<?> annotatedClass = onMethod != null ? method.getDeclaringClass() : declaring(beanClass);
            String description = describe(beanClass, method);
            int modifiers = method.getModifiers();
            if (Modifier.isPrivate(modifiers) || Modifier.isStatic(modifiers) || Modifier.isFinal(modifiers)) {
                problems.add(InterceptorMessages.notInterceptable(description,
                        Modifier.toString(modifiers & (Modifier.PRIVATE | Modifier.STATIC | Modifier.FINAL))));
                continue;
            }
            read(beanClass, annotated, flag, onMethod != null, annotatedClass, description)
                    .ifPresent(m -> methods.put(method, m));
        }
        if (anyAnnotated && Modifier.isFinal(beanClass.getModifiers())) {
            problems.add(InterceptorMessages.finalClass(beanClass.getName()));
        }
    }

    /** A method the container intercepts when the binding is on its class. */
    private static boolean isBusinessMethod(Method method) {
        int modifiers = method.getModifiers();
        return !Modifier.isPrivate(modifiers) && !Modifier.isStatic(modifiers) && !Modifier.isFinal(modifiers);
    }

    /** The class that declares the class-level {@code @FeatureFlag} (the bean class when an extension added it). */
    private static Class<?> declaring(Class<?> beanClass) {
        for (Class<?> c = beanClass; c != null && c != Object.class; c = c.getSuperclass()) {
            if (c.getDeclaredAnnotation(FeatureFlag.class) != null) {
                return c;
            }
        }
        return beanClass;
    }

    private Optional<FlagMethod> read(Class<?> beanClass, Member annotated, FeatureFlag flag, boolean onMethod,
            Class<?> annotatedClass, String description) {
        Method method = annotated.method();
        int problemsBefore = problems.size();
        Optional<MemberSettings.Setting> keySetting = settings.find(annotatedClass, method, onMethod,
                MemberSettings.VALUE);
        String key = keySetting.map(MemberSettings.Setting::value).orElse(flag.value());
        String keyOrigin = keySetting.map(setting -> " with " + setting.origin()).orElse("");
        if (key.isBlank()) {
            problems.add(InterceptorMessages.blankKey(description));
        }
        Optional<MemberSettings.Setting> fallbackSetting = settings.find(annotatedClass, method, onMethod,
                MemberSettings.FALLBACK_METHOD);
        String fallbackName = fallbackSetting.map(MemberSettings.Setting::value).orElse(flag.fallbackMethod());
        String fallbackDescription = description
                + fallbackSetting.map(setting -> " with " + setting.origin()).orElse("");
        boolean defaultValue = settings.defaultValue(annotatedClass, method, onMethod).orElse(flag.defaultValue());
        int userParameter = FlagMethod.NO_USER_PARAMETER;
        boolean identifier = false;
        for (int position : annotated.flagUsers()) {
            Class<?> parameterType = method.getParameterTypes()[position];
            if (userParameter != FlagMethod.NO_USER_PARAMETER) {
                problems.add(InterceptorMessages.twoFlagUsers(description, userParameter, position));
            } else if (parameterType != User.class && parameterType != String.class) {
                problems.add(InterceptorMessages.flagUserType(description, position, parameterType.getName(),
                        User.class.getName()));
            }
            if (userParameter == FlagMethod.NO_USER_PARAMETER) {
                userParameter = position;
                identifier = parameterType == String.class;
            }
        }
        MethodHandle fallback = fallbackName.isEmpty() ? null
                : fallback(beanClass, method, fallbackName, fallbackDescription);
        if (problems.size() > problemsBefore) {
            return Optional.empty();
        }
        return Optional.of(new FlagMethod(key, defaultValue, fallback, userParameter, identifier, description,
                keyOrigin));
    }

    private MethodHandle fallback(Class<?> beanClass, Method method, String name, String description) {
        List<Method> candidates = new ArrayList<>();
        for (Class<?> c = beanClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && !m.isBridge() && !m.isSynthetic()) {
                    candidates.add(m);
                }
            }
        }
        String expectedParameters = parameters(method.getParameterTypes());
        Optional<Method> match = candidates.stream()
                .filter(m -> Arrays.equals(m.getParameterTypes(), method.getParameterTypes()))
                .findFirst();
        if (candidates.isEmpty()) {
            problems.add(InterceptorMessages.fallbackMissing(description, name, beanClass.getName(),
                    expectedParameters));
            return null;
        }
        if (match.isEmpty()) {
            problems.add(InterceptorMessages.fallbackParameters(description, name, candidates.stream()
                    .map(m -> name + parameters(m.getParameterTypes())).collect(Collectors.joining(", ")),
                    expectedParameters));
            return null;
        }
        Method fallback = match.get();
        if (!returnFits(fallback.getReturnType(), method.getReturnType())) {
            problems.add(InterceptorMessages.fallbackReturnType(description, name + expectedParameters,
                    fallback.getReturnType().getName(), method.getReturnType().getName()));
            return null;
        }
        if (Modifier.isStatic(fallback.getModifiers())) {
            problems.add(InterceptorMessages.staticFallback(description, name + expectedParameters));
            return null;
        }
        try {
            fallback.setAccessible(true);
            MethodHandle handle = MethodHandles.lookup().unreflect(fallback);
            return handle.asSpreader(Object[].class, fallback.getParameterCount())
                    .asType(MethodType.methodType(Object.class, Object.class, Object[].class));
        } catch (IllegalAccessException | RuntimeException e) {
            problems.add(InterceptorMessages.fallbackNotCallable(description, name + expectedParameters, e));
            return null;
        }
    }

    private static boolean returnFits(Class<?> fallbackReturn, Class<?> methodReturn) {
        if (methodReturn == void.class || methodReturn.isPrimitive() || fallbackReturn.isPrimitive()) {
            return fallbackReturn == methodReturn;
        }
        return methodReturn.isAssignableFrom(fallbackReturn);
    }

    static String describe(Class<?> beanClass, Method method) {
        return beanClass.getName() + "." + method.getName() + parameters(method.getParameterTypes());
    }

    private static String parameters(Class<?>[] types) {
        return Arrays.stream(types).map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
    }
}
