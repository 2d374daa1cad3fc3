package io.flagbridge.test.internal;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;

import io.flagbridge.test.FlagBridgeTest;
import io.flagbridge.test.FlagOverride;
import io.flagbridge.test.RequestHeader;
import io.flagbridge.test.TestRequest;

/**
 * The JUnit 5 side of the kit. With {@link FlagBridgeTest} it owns the test class's Weld container; otherwise (an
 * Arquillian in-container test, a {@code @QuarkusTest}) it uses the application's kit through {@code CDI.current()},
 * and on Arquillian's client side, where there is no container, it does nothing.
 */
public final class FlagBridgeJUnit
        implements TestInstancePostProcessor, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
            .create(FlagBridgeJUnit.class);
    private static final String CONTAINER = "container";
    private static final String INJECTED = "injected";
    private static final String REQUEST = "request";

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
        Optional<WeldBoot> weld = weld(context);
        if (weld.isPresent()) {
            injected(context).add(weld.get().inject(testInstance));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<WeldBoot> weld = weld(context);
        weld.ifPresent(boot -> {
            RequestContextController request = boot.requestContext();
            request.activate();
            context.getStore(NAMESPACE).put(REQUEST, request);
            setRequest(boot, context);
        });
        Optional<Kit> kit = weld.map(WeldBoot::kit).or(() -> inContainer(context));
        if (kit.isEmpty()) {
            return;
        }
        kit.get().reset();
        Class<?> testClass = context.getRequiredTestClass();
        Method method = context.getRequiredTestMethod();
        Map<String, String> overrides = new LinkedHashMap<>(overrides(testClass, testClass.getSimpleName()));
        overrides.putAll(overrides(method, testClass.getSimpleName() + "." + method.getName() + "()"));
        kit.get().flags().setAll("@FlagOverride on " + testClass.getName() + "." + method.getName() + "()",
                overrides);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Optional<WeldBoot> weld = weld(context);
        weld.map(WeldBoot::kit).or(() -> inContainer(context)).ifPresent(kit -> kit.flags().clearAll());
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        RequestContextController request = store.remove(REQUEST, RequestContextController.class);
        if (request != null) {
            request.deactivate();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (isFlagBridgeTest(context)) {
            // The test instances' dependent objects live as long as the instances may (per class or per method).
            injected(context).forEach(CreationalContext::release);
            WeldBoot weld = context.getStore(NAMESPACE).remove(CONTAINER, WeldBoot.class);
            if (weld != null) {
                weld.close();
            }
        }
    }

    /** The test class's own container, started at its first use; empty without {@link FlagBridgeTest}. */
    private static Optional<WeldBoot> weld(ExtensionContext context) {
        if (!isFlagBridgeTest(context)) {
            return Optional.empty();
        }
        ExtensionContext classContext = classContext(context);
        Class<?> testClass = classContext.getRequiredTestClass();
        FlagBridgeTest test = AnnotationSupport.findAnnotation(testClass, FlagBridgeTest.class).orElseThrow();
        return Optional.of(classContext.getStore(NAMESPACE).getOrComputeIfAbsent(CONTAINER,
                key -> WeldBoot.start(testClass, test.beans()), WeldBoot.class));
    }

    @SuppressWarnings("unchecked")
    private static List<CreationalContext<?>> injected(ExtensionContext context) {
        return classContext(context).getStore(NAMESPACE).getOrComputeIfAbsent(INJECTED,
                key -> new CopyOnWriteArrayList<CreationalContext<?>>(), List.class);
    }

    private static boolean isFlagBridgeTest(ExtensionContext context) {
        return context.getTestClass().flatMap(type -> AnnotationSupport.findAnnotation(type, FlagBridgeTest.class))
                .isPresent();
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    /** The kit of the application the test runs in (in-container); empty where there is no container. */
    private static Optional<Kit> inContainer(ExtensionContext context) {
        CDI<Object> cdi;
        try {
            cdi = CDI.current();
        } catch (IllegalStateException | NoClassDefFoundError noContainer) {
            return Optional.empty(); // Arquillian's client side
        }
        Instance<Kit> kit = cdi.select(Kit.class);
        if (!kit.isResolvable()) {
            throw new IllegalStateException(Messages.noKit("@FlagOverride on "
                    + context.getRequiredTestClass().getName()));
        }
        return Optional.of(kit.get());
    }

    /** The kit's request: cleared, then the class's and the method's {@link RequestHeader}s (the method's win). */
    private static void setRequest(WeldBoot boot, ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        Method method = context.getRequiredTestMethod();
        Map<String, String> headers = new LinkedHashMap<>(headers(testClass, testClass.getName()));
        headers.putAll(headers(method, testClass.getName() + "." + method.getName() + "()"));
        Optional<TestRequest> request = boot.request();
        if (request.isEmpty()) {
            if (!headers.isEmpty()) {
                throw new IllegalStateException(Messages.requestWithoutServletApi("@RequestHeader on "
                        + testClass.getName()));
            }
            return;
        }
        request.get().clear();
        headers.forEach(request.get()::header);
    }

    private static Map<String, String> headers(AnnotatedElement element, String where) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (RequestHeader header : AnnotationSupport.findRepeatableAnnotations(element, RequestHeader.class)) {
            if (headers.put(header.name().toLowerCase(Locale.ROOT), header.value()) != null) {
                throw new IllegalArgumentException(Messages.requestHeaderTwice("@RequestHeader on " + where,
                        header.name()));
            }
        }
        return headers;
    }

    private static Map<String, String> overrides(AnnotatedElement element, String where) {
        List<FlagOverride> found = AnnotationSupport.findRepeatableAnnotations(element, FlagOverride.class);
        Map<String, String> overrides = new LinkedHashMap<>();
        for (FlagOverride override : found) {
            if (overrides.put(override.key(), override.value()) != null) {
                throw new IllegalArgumentException(Messages.keyOverriddenTwice("@FlagOverride on " + where,
                        override.key()));
            }
        }
        return overrides;
    }
}
