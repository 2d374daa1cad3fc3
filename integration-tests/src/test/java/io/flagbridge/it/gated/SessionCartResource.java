package io.flagbridge.it.gated;

import java.io.Serializable;

import jakarta.enterprise.context.SessionScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.flagbridge.interceptor.FeatureFlag;

/**
 * A resource of a passivating scope with gated methods: the server validates at deployment that its interceptors can
 * be serialised with the session.
 */
@SessionScoped
@Path("cart")
@Produces(MediaType.TEXT_PLAIN)
public class SessionCartResource implements Serializable {

    private static final long serialVersionUID = 1L;

    @GET
    @Path("checkout")
    @FeatureFlag("newCheckout")
    public String checkout() {
        return "session checkout";
    }

    @GET
    @Path("search")
    @FeatureFlag(value = "newSearch", fallbackMethod = "legacySearch")
    public String search(@QueryParam("q") String query) {
        return "new session search for " + query;
    }

    String legacySearch(String query) {
        return "legacy session search for " + query;
    }
}
