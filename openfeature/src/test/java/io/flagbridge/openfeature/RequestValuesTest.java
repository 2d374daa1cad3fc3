package io.flagbridge.openfeature;

import java.util.List;

import jakarta.enterprise.context.control.RequestContextController;

import org.junit.jupiter.api.Test;

import com.configcat.ConfigCatClient;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.MutableContext;
import io.flagbridge.testing.ConfigJson;

import static org.assertj.core.api.Assertions.assertThat;

/** One value per request through OpenFeature's {@code Client}: a change between two evaluations of one request. */
class RequestValuesTest extends WithFakeCdn {

    void serve(String plan) {
        cdn.serve(OpenFeatureTestApp.KEY, ConfigJson.forCdn(cdn.baseUrl()).textFlag("plan", plan, "v-" + plan)
                .build());
    }

    @Test
    void aChangeInsideOneRequestGivesTheFirstValueTwiceAndTheNextRequestTheNewOne() {
        serve("basic");
        app = OpenFeatureTestApp.start(cdn, new Class<?>[0]);
        Client client = app.select(Client.class);
        RequestContextController request = app.select(RequestContextController.class);
        MutableContext alice = new MutableContext("alice");
        request.activate();
        List<String> plans;
        try {
            String first = client.getStringValue("plan", "none", alice);
            String nobody = client.getStringValue("plan", "none");
            serve("premium");
            app.select(ConfigCatClient.class).forceRefresh();
            plans = List.of(first, nobody, client.getStringValue("plan", "none", alice),
                    client.getStringDetails("plan", "none", alice).getVariant(), client.getStringValue("plan", "none"));
        } finally {
            request.deactivate();
        }
        assertThat(plans).containsExactly("basic", "basic", "basic", "v-basic", "basic");
        request.activate();
        try {
            assertThat(client.getStringValue("plan", "none", alice)).isEqualTo("premium");
        } finally {
            request.deactivate();
        }
    }
}
