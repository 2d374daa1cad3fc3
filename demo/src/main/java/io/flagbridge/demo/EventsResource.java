package io.flagbridge.demo;

import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.configcat.ConfigCatClient;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.flagbridge.SegmentStats;

/**
 * What the event page shows: the sink's messages, the current flag values, the experiment's outcome, FlagBridge's
 * counters.
 */
@ApplicationScoped
@Path("events")
public class EventsResource {

    private static final Gson GSON = new GsonBuilder().serializeNulls().create();

    @Inject
    SegmentSink sink;

    @Inject
    SegmentStats stats;

    @Inject
    ConfigCatClient configCat;

    @Inject
    LastEvaluations lastEvaluations;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String events() {
        JsonObject page = new JsonObject();
        JsonArray messages = new JsonArray();
        sink.messages().forEach(messages::add);
        page.add("messages", messages);
        // The last value each flag was evaluated to (seen by an @Observes FlagEvaluated observer). Evaluating here
        // would make evaluations (and dedupe counts) of its own every second.
        Map<String, Object> flags = new TreeMap<>();
        configCat.getAllKeys().forEach(key -> flags.put(key, null));
        flags.putAll(lastEvaluations.values());
        page.add("flags", GSON.toJsonTree(flags));
        page.add("exposures", GSON.toJsonTree(lastEvaluations.exposures()));
        page.add("outcome", GSON.toJsonTree(sink.outcome()));
        JsonObject counters = new JsonObject();
        counters.addProperty("sent", stats.sent());
        counters.addProperty("deduped", stats.deduped());
        counters.addProperty("dropped", stats.dropped());
        counters.addProperty("failed", stats.failed());
        counters.addProperty("pending", stats.pending());
        counters.addProperty("droppedEvents", stats.droppedEvents());
        page.add("stats", counters);
        return page.toString();
    }
}
