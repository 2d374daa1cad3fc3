package io.flagbridge.interceptor.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.RequestContextController;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.configcat.ConfigCatClient;

import io.flagbridge.interceptor.FeatureFlag;
import io.flagbridge.interceptor.FlagUser;
import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.Fakes;
import io.flagbridge.testing.Fakes.Fake;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One value per request for {@code @FeatureFlag}: a config that changes between two calls of one request (a refresh
 * from the fake CDN) gives the first value twice, and the next request the new value; outside a request every call
 * is live.
 */
@ExtendWith(Fakes.class)
class RequestGateTest {

    @Fake
    FakeConfigCatCdn cdn;
    @Fake
    WeldApp app;

    @BeforeEach
    void startCdn() {
        serve(true);
    }

    void serve(boolean on) {
        cdn.serve(FlagKeysTest.SDK_KEY, ConfigJson.forCdn(cdn.baseUrl()).boolFlag("checkout", on, "v-" + on).build());
    }

    void refresh() {
        app.select(ConfigCatClient.class).forceRefresh();
    }

    @ApplicationScoped
    public static class Checkout {
        @FeatureFlag(value = "checkout", fallbackMethod = "classic")
        public String page(@FlagUser String user) {
            return "new";
        }

        String classic(String user) {
            return "classic";
        }

        @FeatureFlag(value = "checkout", fallbackMethod = "classicForNobody")
        public String pageForNobody() {
            return "new";
        }

        String classicForNobody() {
            return "classic";
        }
    }

    Checkout deploy(String... more) {
        Map<String, String> config = new java.util.HashMap<>(Map.of("configcat.sdk-key", FlagKeysTest.SDK_KEY,
                "configcat.base-url", cdn.baseUrl(), "configcat.polling-mode", "manual"));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        app = WeldApp.start(config, Checkout.class);
        refresh();
        return app.select(Checkout.class);
    }

    /** Two calls of each method with a change of the flag between them; in a request when {@code request}. */
    List<String> twoCallsAroundAChange(Checkout checkout, boolean request) {
        RequestContextController context = app.select(RequestContextController.class);
        if (request) {
            context.activate();
        }
        try {
            List<String> pages = new ArrayList<>(List.of(checkout.page("alice"), checkout.pageForNobody()));
            serve(false);
            refresh();
            pages.addAll(List.of(checkout.page("alice"), checkout.pageForNobody()));
            return pages;
        } finally {
            if (request) {
                context.deactivate();
            }
        }
    }

    @Test
    void aChangeInsideOneRequestGivesTheFirstValueTwiceAndTheNextRequestTheNewOne() {
        Checkout checkout = deploy();
        assertThat(twoCallsAroundAChange(checkout, true)).containsExactly("new", "new", "new", "new");
        serve(false);
        assertThat(twoCallsAroundAChange(checkout, true)).containsExactly("classic", "classic", "classic",
                "classic");
    }

    @Test
    void outsideARequestEachCallIsLive() {
        assertThat(twoCallsAroundAChange(deploy(), false)).containsExactly("new", "new", "classic", "classic");
    }

    @Test
    void withRequestConsistencyOffEachCallInARequestIsLive() {
        assertThat(twoCallsAroundAChange(deploy("flagbridge.request-consistency", "false"), true))
                .containsExactly("new", "new", "classic", "classic");
    }
}
