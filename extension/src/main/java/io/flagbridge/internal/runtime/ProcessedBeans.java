package io.flagbridge.internal.runtime;

import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.inject.AmbiguousResolutionException;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * The beans of some types (the application's {@code FlagUserResolver}, FlagBridge's own client), noted as the
 * container processes them ({@code ProcessBean}, which every extension sees for every bean) and referenced through
 * the bean itself. A look-up by type asks the bean archive of the jar that looks, which need not see the bean: on
 * Payara Server a library jar's archive does not see {@code WEB-INF/classes} or the server's beans, nor an extension's
 * archive the other library jars, so the application's resolver was never found (WELD-001334 for FlagBridge's
 * client). Types are named, so that one the application may not see (OpenTelemetry's) is never loaded here.
 */
public final class ProcessedBeans {

    private final Set<String> typeNames;
    private final Map<String, Set<Bean<?>>> found = new ConcurrentHashMap<>();

    public ProcessedBeans(List<String> typeNames) {
        this.typeNames = Set.copyOf(typeNames);
    }

    public static ProcessedBeans of(Class<?>... types) {
        return new ProcessedBeans(Arrays.stream(types).map(Class::getName).toList());
    }

    /** Notes the bean when it has one of the types, with the {@code @Default} qualifier (what an injection asks). */
    public void offer(Bean<?> bean) {
        if (!bean.getQualifiers().contains(Default.Literal.INSTANCE)) {
            return;
        }
        for (Type type : bean.getTypes()) {
            if (type instanceof Class<?> named && typeNames.contains(named.getName())) {
                found.computeIfAbsent(named.getName(), t -> ConcurrentHashMap.newKeySet()).add(bean);
            }
        }
    }

    /**
     * A contextual reference of the bean of this type, as {@code @Inject} would resolve it among the beans noted (an
     * enabled alternative wins); empty when there is none, or when two are left (ambiguous: none is taken). Only beans
     * of this very type count: two beans may each have a type of the same name from other class loaders (on Payara
     * Server, the server's {@code OpenTelemetry} and the one an application bundles), and a bean of the other one could
     * not be used (WELD-001305, or a {@code ClassCastException}).
     */
    public <T> Optional<T> reference(Class<T> type, BeanManager beanManager) {
        Set<Bean<?>> beans = new HashSet<>();
        for (Bean<?> bean : found.getOrDefault(type.getName(), Set.of())) {
            if (bean.getTypes().contains(type)) {
                beans.add(bean);
            }
        }
        if (beans.isEmpty()) {
            return Optional.empty();
        }
        Bean<?> bean;
        try {
            bean = beanManager.resolve(Set.<Bean<? extends Object>> copyOf(beans));
        } catch (AmbiguousResolutionException e) {
            return Optional.empty();
        }
        if (bean == null) {
            return Optional.empty();
        }
        return Optional.of(type.cast(beanManager.getReference(bean, type, beanManager.createCreationalContext(bean))));
    }

    /**
     * {@link #reference(Class, BeanManager)} of the type of this name as {@code loader} loads it (the one its caller
     * casts to), without naming that type in FlagBridge's code (OpenTelemetry's may be missing).
     *
     * @throws ClassNotFoundException when {@code loader} does not see the type
     */
    public Optional<Object> reference(String typeName, ClassLoader loader, BeanManager beanManager)
            throws ClassNotFoundException {
        return reference(Class.forName(typeName, false, loader), beanManager).map(Object.class::cast);
    }

    /** Like {@link #reference}, for a bean that must be there (FlagBridge's own). */
    public <T> T get(Class<T> type, BeanManager beanManager) {
        return reference(type, beanManager).orElseThrow(() -> new IllegalStateException("no bean of " + type
                .getName() + " was processed"));
    }
}
