package io.flagbridge.internal.request;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.configcat.ConfigCatClient;
import com.configcat.User;

import io.flagbridge.FlagEvaluated;
import io.flagbridge.FlagUserResolver;
import io.flagbridge.RequestFlags;
import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.Fakes;
import io.flagbridge.testing.Fakes.Fake;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One value per request: inside an active request context the first evaluation of a flag for a user fixes its result
 * for the rest of the request; the config changes (here: a refresh from the fake CDN) between two evaluations.
 */
@ExtendWith(Fakes.class)
class RequestConsistencyTest {

    static final String SDK_KEY = "configcat-sdk-1/flagbridge-request-t01/secret-part-of-key-001";

    @Fake
    FakeConfigCatCdn cdn;
    @Fake
    WeldApp app;

    @BeforeEach
    void startCdn() {
        serve(true);
    }

    void serve(boolean checkout) {
        cdn.serve(SDK_KEY, ConfigJson.forCdn(cdn.baseUrl()).boolFlag("checkout", checkout, "v-" + checkout)
                .textFlag("plan", checkout ? "premium" : "basic", "v-plan-" + checkout).build());
    }

    /** The CDN's new config reaches the client now. */
    void refresh() {
        app.select(ConfigCatClient.class).forceRefresh();
    }

    Page deploy(String... more) {
        Map<String, String> config = new HashMap<>(Map.of("configcat.sdk-key", SDK_KEY, "configcat.base-url",
                cdn.baseUrl(), "configcat.polling-mode", "manual"));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        app = WeldApp.start(config, Page.class, Evaluations.class, Alice.class);
        refresh();
        return app.select(Page.class);
    }

    @ApplicationScoped
    public static class Page {
        @Inject
        RequestFlags flags;
        @Inject
        ConfigCatClient client;
        @Inject
        Requests requests;

        boolean checkout() {
            return flags.getValue(Boolean.class, "checkout", false);
        }

        RequestFlags flags() {
            return flags;
        }

        Requests requests() {
            return requests;
        }

        boolean live() {
            return client.getValue(Boolean.class, "checkout", User.newBuilder().build("alice"), false);
        }
    }

    @ApplicationScoped
    public static class Alice implements FlagUserResolver {
        @Override
        public Optional<User> currentUser() {
            return Optional.of(User.newBuilder().build("alice"));
        }
    }

    @ApplicationScoped
    public static class Evaluations {
        final List<FlagEvaluated> seen = new CopyOnWriteArrayList<>();

        void seen(@Observes FlagEvaluated evaluated) {
            seen.add(evaluated);
        }

        public List<FlagEvaluated> seen() {
            return seen;
        }
    }

    <T> T inRequest(java.util.function.Supplier<T> work) {
        RequestContextController request = app.select(RequestContextController.class);
        request.activate();
        try {
            return work.get();
        } finally {
            request.deactivate();
        }
    }

    @Test
    void aChangeBetweenTwoEvaluationsOfOneRequestGivesTheFirstValueTwiceAndTheNextRequestTheNewOne() {
        Page page = deploy();
        Evaluations evaluations = app.select(Evaluations.class);
        List<Boolean> values = inRequest(() -> {
            boolean first = page.checkout();
            serve(false);
            refresh();
            return List.of(first, page.checkout(), page.live());
        });
        assertThat(values).containsExactly(true, true, false); // the injected client stays live
        assertThat(evaluations.seen()).extracting(FlagEvaluated::value).containsExactly(true, false);
        assertThat(inRequest(page::checkout)).isFalse();
    }

    @Test
    void theDetailsServedAgainAreTheFirstEvaluationsAndNoNewEvent() {
        Page page = deploy();
        Evaluations evaluations = app.select(Evaluations.class);
        List<String> variations = inRequest(() -> {
            String first = page.flags().getValueDetails(String.class, "plan", "none").getVariationId();
            serve(false);
            refresh();
            return List.of(first, page.flags().getValueDetails(String.class, "plan", "none").getVariationId(),
                    page.flags().getValue(String.class, "plan", "none"));
        });
        assertThat(variations).containsExactly("v-plan-true", "v-plan-true", "premium");
        assertThat(evaluations.seen()).hasSize(1);
    }

    @Test
    void eachUserHasTheRequestsValueOfItsOwnFirstEvaluationAndNoUserIsAUserOfItsOwn() {
        Page page = deploy();
        List<Boolean> values = inRequest(() -> {
            boolean alice = page.requests().details(Boolean.class, "checkout", User.newBuilder().build("alice"), false)
                    .getValue();
            boolean nobody = page.requests().details(Boolean.class, "checkout", null, false).getValue();
            serve(false);
            refresh();
            return List.of(alice, nobody,
                    page.requests().details(Boolean.class, "checkout", User.newBuilder().build("bob"), false).getValue(),
                    page.requests().details(Boolean.class, "checkout", User.newBuilder().email("a@example.com")
                            .build("alice"), false).getValue(),
                    page.requests().details(Boolean.class, "checkout", null, false).getValue());
        });
        assertThat(values).containsExactly(true, true, false, true, true);
    }

    @Test
    void aResultThatFellBackToTheDefaultOnAnErrorIsNotFixed() {
        Page page = deploy();
        Evaluations evaluations = app.select(Evaluations.class);
        List<String> values = inRequest(() -> {
            String missing = page.flags().getValue(String.class, "banner", "none");
            cdn.serve(SDK_KEY, ConfigJson.forCdn(cdn.baseUrl()).textFlag("banner", "Welcome!", "v-banner").build());
            refresh();
            return List.of(missing, page.flags().getValue(String.class, "banner", "none"));
        });
        assertThat(values).containsExactly("none", "Welcome!");
        assertThat(evaluations.seen()).extracting(FlagEvaluated::error).first().isNotNull();
    }

    @Test
    void withRequestConsistencyOffEachEvaluationInARequestIsLive() {
        Page page = deploy("flagbridge.request-consistency", "FALSE");
        Evaluations evaluations = app.select(Evaluations.class);
        List<Boolean> values = inRequest(() -> {
            boolean first = page.checkout();
            serve(false);
            refresh();
            return List.of(first, page.checkout());
        });
        assertThat(values).containsExactly(true, false);
        assertThat(evaluations.seen()).hasSize(2);
    }

    @Test
    void outsideARequestEveryEvaluationIsLive() {
        Page page = deploy();
        Requests requests = page.requests();
        User alice = User.newBuilder().build("alice");
        boolean first = requests.details(Boolean.class, "checkout", alice, false).getValue();
        serve(false);
        refresh();
        assertThat(List.of(first, requests.details(Boolean.class, "checkout", alice, false).getValue()))
                .containsExactly(true, false);
        assertThat(app.select(Evaluations.class).seen()).hasSize(2);
    }

    @Test
    void anInvalidRequestConsistencyFailsTheDeployment() {
        assertThatThrownBy(() -> deploy("flagbridge.request-consistency", "sometimes"))
                .satisfies(failure -> assertThat(WeldApp.describe(failure)).contains("FLAGBRIDGE-0420: "
                        + "flagbridge.request-consistency='sometimes' is invalid; expected true or false"));
    }
}
