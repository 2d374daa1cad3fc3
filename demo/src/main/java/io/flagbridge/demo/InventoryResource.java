package io.flagbridge.demo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.flagbridge.FlagInventory;
import io.flagbridge.FlagUsage;

/**
 * The application's flag inventory as JSON ({@code GET /demo/api/inventory}): which flags it evaluates, which it never
 * does since it started, which keys it asks for that the config lacks. An application of yours would expose it the
 * same way, or log it (docs/operating.md).
 */
@ApplicationScoped
@Path("inventory")
public class InventoryResource {

    @Inject
    FlagInventory inventory;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String inventory() {
        JsonObject answer = new JsonObject();
        answer.addProperty("since", inventory.since().toString());
        JsonArray flags = new JsonArray();
        for (FlagUsage flag : inventory.flags()) {
            JsonObject row = new JsonObject();
            row.addProperty("key", flag.key());
            row.addProperty("state", flag.state().value());
            row.addProperty("inConfig", flag.inConfig());
            row.addProperty("evaluations", flag.evaluations());
            row.addProperty("lastEvaluated", flag.lastEvaluated() == null ? null : flag.lastEvaluated().toString());
            JsonArray declaredAt = new JsonArray();
            flag.declaredAt().forEach(declaredAt::add);
            row.add("declaredAt", declaredAt);
            flags.add(row);
        }
        answer.add("flags", flags);
        return answer.toString();
    }
}
