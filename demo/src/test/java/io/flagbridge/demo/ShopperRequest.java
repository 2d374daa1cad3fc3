package io.flagbridge.demo;

import java.lang.reflect.Proxy;

import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.servlet.http.HttpServletRequest;

/** Weld SE has no servlet request: this one says the shopper is ann@example.com, as the demo's X-User header would. */
public class ShopperRequest {

    @Produces
    @RequestScoped
    HttpServletRequest request() {
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { HttpServletRequest.class },
                (proxy, method, args) -> method.getName().equals("getHeader") && "X-User".equals(args[0])
                        ? "ann@example.com"
                        : null);
    }
}
