package io.flagbridge.interceptor.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.build.compatible.spi.Parameters;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticBeanCreator;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.flagbridge.internal.config.ConfigReader;
import io.flagbridge.internal.runtime.FlagBridgeExtension;
import io.flagbridge.internal.runtime.FlagBridgeLifecycle;

/**
 * The gated methods where {@link FeatureFlagBuildExtension} runs: read from the bean classes that the build found
 * (by name), once, when the application starts. A problem the build could not see (a class it could not load) fails
 * the start with its coded message.
 */
public final class GatedClasses implements SyntheticBeanCreator<GatedMethods> {

    private static final Logger LOG = Logger.getLogger(GatedClasses.class.getName());

    static final String CLASSES = "classes";

    @Override
    public GatedMethods create(Instance<Object> lookup, Parameters params) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Map<Class<?>, Map<Method, FlagMethod>> methods = new HashMap<>();
        List<String> problems = new ArrayList<>();
        Config config = ConfigProvider.getConfig(loader != null ? loader : GatedClasses.class.getClassLoader());
        MemberSettings settings = new MemberSettings(ConfigReader.of(config)::string);
        for (String name : params.get(CLASSES, String[].class)) {
            Class<?> beanClass;
            try {
                beanClass = Class.forName(name, false, loader != null ? loader : GatedClasses.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e); // a bean class of the application, found by its build
            }
            FlagMethods read = FlagMethods.of(beanClass, settings);
            problems.addAll(read.problems());
            if (!read.methods().isEmpty()) {
                methods.put(beanClass, Map.copyOf(read.methods()));
            }
        }
        problems.addAll(settings.problems());
        List<String> names = new ArrayList<>();
        config.getPropertyNames().forEach(names::add);
        MemberSettings.unknownMembers(names).forEach(key -> problems.add(InterceptorMessages.unknownMember(key)));
        if (!problems.isEmpty()) {
            throw FlagBridgeExtension.configurationProblem(problems);
        }
        settings.unused(names).forEach(key -> LOG.warning(InterceptorMessages.settingAppliesToNothing(key)));
        return new GatedMethods(methods);
    }

    /** The interceptors' gate, over the gated methods, the application's client and its users. */
    public static final class Gate implements SyntheticBeanCreator<FeatureFlagGate> {

        @Override
        public FeatureFlagGate create(Instance<Object> lookup, Parameters params) {
            FlagBridgeLifecycle flagBridge = lookup.select(FlagBridgeLifecycle.class).get();
            return new FeatureFlagGate(lookup.select(GatedMethods.class).get(), flagBridge.runtime().requests(),
                    flagBridge.currentUser());
        }
    }
}
