package io.flagbridge.demo;

import java.lang.reflect.Proxy;

import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Weld SE has no servlet request: this one says the shopper is {@link #shopper} (ann@example.com unless a test says
 * otherwise), as the demo's X-User header would.
 */
public class ShopperRequest {

    static volatile String shopper = "ann@example.com";

    @Produces
    @RequestScoped
    HttpServletRequest request() {
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { HttpServletRequest.class },
                (proxy, method, args) -> method.getName().equals("getHeader") && "X-User".equals(args[0])
                        ? shopper
                        : null);
    }
}
