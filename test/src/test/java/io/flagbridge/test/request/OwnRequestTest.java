package io.flagbridge.test.request;

import java.lang.reflect.Proxy;

import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

import io.flagbridge.test.FlagBridgeTest;

import static org.assertj.core.api.Assertions.assertThat;

/** An application's test that produces its own request keeps it: the kit adds none beside it (no ambiguity). */
@FlagBridgeTest(beans = { HeaderShop.class, OwnRequestTest.OwnRequest.class })
class OwnRequestTest {

    public static class OwnRequest {
        @Produces
        @RequestScoped
        HttpServletRequest request() {
            return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { HttpServletRequest.class },
                    (proxy, method, args) -> method.getName().equals("getHeader") ? "own" : null);
        }
    }

    @Inject
    HeaderShop shop;

    @Test
    void theApplicationsOwnRequestIsTheOneInjected() {
        assertThat(shop.request().getHeader("X-User")).isEqualTo("own");
    }
}
