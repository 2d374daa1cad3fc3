package io.flagbridge.demo;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.configcat.ConfigCatClient;

import io.flagbridge.interceptor.FeatureFlag;

/** The shop: endpoints gated by flags, with and without fallback, and a text flag read directly. */
@ApplicationScoped
@Path("shop")
@Produces(MediaType.TEXT_PLAIN)
public class ShopResource {

    @Inject
    ConfigCatClient configCat;

    @Inject
    DemoUser user;

    /** 404 while {@code newCheckout} is off. */
    @GET
    @Path("checkout")
    @FeatureFlag("newCheckout")
    public String checkout() {
        return "New one-page checkout";
    }

    /** The classic search while {@code newSearch} is off. */
    @GET
    @Path("search")
    @FeatureFlag(value = "newSearch", fallbackMethod = "classicSearch")
    public String search(@QueryParam("q") String query) {
        return "Smart search for '" + query + "': " + List.of("running shoes", "trail shoes");
    }

    String classicSearch(String query) {
        return "Classic search for '" + query + "': " + List.of("shoes");
    }

    /** A text flag, through the injected client. */
    @GET
    @Path("banner")
    public String banner() {
        return configCat.getValue(String.class, "bannerText", user.currentUser().orElse(null), "");
    }
}
