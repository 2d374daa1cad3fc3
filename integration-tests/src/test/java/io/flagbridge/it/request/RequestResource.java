package io.flagbridge.it.request;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.configcat.ConfigCatClient;
import com.configcat.User;

import io.flagbridge.RequestFlags;

/**
 * One value per request: {@code twice} evaluates the flag through {@code @FeatureFlag} and {@link RequestFlags},
 * refreshes the client from the CDN (what a verified webhook does), evaluates again, and asks the injected client,
 * which stays live; {@code once} evaluates once.
 */
@RequestScoped
@Path("request")
@Produces(MediaType.TEXT_PLAIN)
public class RequestResource {

    @Inject
    Gates gates;
    @Inject
    RequestFlags flags;
    @Inject
    ConfigCatClient client;

    @GET
    @Path("twice")
    public String twice() {
        String first = once();
        client.forceRefresh();
        return first + " | " + once() + " | live " + client.getValue(Boolean.class, "checkout",
                User.newBuilder().build("alice"), false);
    }

    @GET
    @Path("renamed")
    public String renamed() {
        return gates.renamed();
    }

    @GET
    @Path("once")
    public String once() {
        return gates.checkout() + " " + flags.getValue(Boolean.class, "checkout", false);
    }
}
