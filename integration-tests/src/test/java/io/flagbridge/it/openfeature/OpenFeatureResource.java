package io.flagbridge.it.openfeature;

import java.util.Map;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.MutableTrackingEventDetails;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;

/** A JAX-RS resource as an OpenFeature user writes it: {@code @Inject Client}, evaluations and track(). */
@Path("of")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
public class OpenFeatureResource {

    @Inject
    Client client;

    @Inject
    OpenFeatureAPI api;

    /** value|variant|reason|errorCode of a text flag for the user. */
    @GET
    @Path("plan")
    public String plan(@QueryParam("user") String user, @QueryParam("email") String email) {
        FlagEvaluationDetails<String> details = client.getStringDetails("plan", "none",
                new ImmutableContext(user, Map.of("email", new Value(email))));
        return details.getValue() + "|" + details.getVariant() + "|" + details.getReason() + "|"
                + details.getErrorCode();
    }

    @GET
    @Path("checkout")
    public String checkout(@QueryParam("user") String user, @QueryParam("amount") double amount) {
        client.track("Checkout Completed", new ImmutableContext(user),
                new MutableTrackingEventDetails(amount).add("currency", "EUR"));
        return "tracked";
    }

    /** This application's provider, and the JVM-wide API's (which FlagBridge leaves alone). */
    @GET
    @Path("providers")
    public String providers() {
        return api.getProviderMetadata().getName() + "|" + System.identityHashCode(api.getProvider()) + "|"
                + OpenFeatureAPI.getInstance().getProviderMetadata().getName() + "|" + client.getProviderState();
    }
}
