package io.flagbridge.demo;

import java.util.Map;
import java.util.Random;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.MutableTrackingEventDetails;
import dev.openfeature.sdk.Value;

/**
 * The experiment's outcome, through OpenFeature: {@code newCheckout} evaluated with {@code Client.getBooleanValue}
 * (an exposure like {@code @FeatureFlag}'s), then {@code client.track("Checkout Completed")} for the same user.
 */
@ApplicationScoped
@Path("orders")
@Produces(MediaType.TEXT_PLAIN)
public class OrderResource {

    static final String COMPLETED = "Checkout Completed";
    static final int MAX_SHOPPERS = 1000;

    private final Random random = new Random();

    @Inject
    Client client;

    @Inject
    DemoUser user;

    /** The current shopper completes a checkout of {@code total} EUR. */
    @POST
    public String complete(@QueryParam("total") @DefaultValue("42.5") double total) {
        String id = user.currentUser().map(u -> u.getIdentifier()).orElse("guest");
        boolean newCheckout = checkout(id, total);
        return COMPLETED + " for " + id + " (" + (newCheckout ? "new" : "classic") + " checkout)";
    }

    /**
     * {@code shoppers} new shoppers (identifiers never seen before, so each one is an exposure) visit the shop; the new
     * checkout converts 35% of its shoppers, the classic one 25%.
     */
    @POST
    @Path("simulate")
    public String simulate(@QueryParam("shoppers") @DefaultValue("100") int shoppers) {
        int count = Math.max(1, Math.min(shoppers, MAX_SHOPPERS));
        String run = UUID.randomUUID().toString().substring(0, 8);
        int completed = 0;
        for (int i = 1; i <= count; i++) {
            String id = "shopper-" + run + "-" + i + "@shop.test";
            EvaluationContext context = context(id);
            boolean newCheckout = client.getBooleanValue("newCheckout", false, context);
            double rate = newCheckout ? 0.35 : 0.25;
            if (random.nextDouble() < rate) {
                client.track(COMPLETED, context, details(20 + random.nextInt(80), newCheckout));
                completed++;
            }
        }
        return count + " shoppers, " + completed + " completed a checkout";
    }

    private boolean checkout(String id, double total) {
        EvaluationContext context = context(id);
        boolean newCheckout = client.getBooleanValue("newCheckout", false, context);
        client.track(COMPLETED, context, details(total, newCheckout));
        return newCheckout;
    }

    private static EvaluationContext context(String id) {
        return id.contains("@") ? new ImmutableContext(id, Map.of("email", new Value(id))) : new ImmutableContext(id);
    }

    private static MutableTrackingEventDetails details(double total, boolean newCheckout) {
        return new MutableTrackingEventDetails(total).add("currency", "EUR").add("checkout",
                newCheckout ? "new" : "classic");
    }
}
