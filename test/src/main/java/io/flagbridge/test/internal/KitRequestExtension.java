package io.flagbridge.test.internal;

import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.inject.Singleton;
import jakarta.servlet.http.HttpServletRequest;

import io.flagbridge.test.TestRequest;

/**
 * Offers a {@code @FlagBridgeTest}'s beans an {@link HttpServletRequest} on Weld SE, made of the kit's
 * {@link TestRequest}, unless one of them produces a request itself. Added by {@link WeldBoot} only (never
 * in-container, where the server's request is a built-in bean), and only where the Servlet API is on the class path.
 */
final class KitRequestExtension implements Extension {

    static final String SERVLET_API = "jakarta.servlet.http.HttpServletRequest";

    private final KitRequest request = new KitRequest();
    private volatile boolean produced;

    void seeBeans(@Observes ProcessBean<?> bean) {
        if (bean.getBean().getTypes().contains(HttpServletRequest.class)) {
            produced = true;
        }
    }

    void addBeans(@Observes AfterBeanDiscovery abd) {
        abd.addBean().beanClass(KitRequestExtension.class).types(TestRequest.class, Object.class)
                .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE).scope(Singleton.class)
                .createWith(context -> request);
        if (!produced) {
            abd.addBean().beanClass(KitRequestExtension.class).types(HttpServletRequest.class, Object.class)
                    .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE).scope(RequestScoped.class)
                    .createWith(context -> request.servletRequest());
        }
    }

    KitRequest request() {
        return request;
    }
}
