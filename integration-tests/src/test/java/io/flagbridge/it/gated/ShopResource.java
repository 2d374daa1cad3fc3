package io.flagbridge.it.gated;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.flagbridge.interceptor.FeatureFlag;
import io.flagbridge.interceptor.FlagUser;

/** A JAX-RS resource gated by flags that the fake ConfigCat CDN serves. */
@ApplicationScoped
@Path("shop")
@Produces(MediaType.TEXT_PLAIN)
public class ShopResource {

    @GET
    @Path("checkout")
    @FeatureFlag("newCheckout")
    public String checkout() {
        return "new checkout";
    }

    @GET
    @Path("search")
    @FeatureFlag(value = "newSearch", fallbackMethod = "legacySearch")
    public String search(@QueryParam("q") String query) {
        return "new search for " + query;
    }

    String legacySearch(String query) {
        return "legacy search for " + query;
    }

    @GET
    @Path("banner")
    @FeatureFlag("banner")
    public String banner() {
        return "banner";
    }

    @GET
    @Path("beta")
    @FeatureFlag("beta")
    public String beta(@QueryParam("user") @FlagUser String user) {
        return "beta for " + user;
    }
}
