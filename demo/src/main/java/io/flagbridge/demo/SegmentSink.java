package io.flagbridge.demo;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A local stand-in for Segment's batch API ({@code POST .../v1/import/} and {@code .../v1/batch}), so that the demo
 * needs no Segment account: it keeps the last 200 messages for the event page, and counts the experiment's exposures
 * and conversions ({@link Experiment}) from every message, as a destination would.
 */
@ApplicationScoped
@Path("sink/v1/{kind}")
public class SegmentSink {

    private static final int KEPT = 200;
    private final Deque<JsonObject> messages = new ArrayDeque<>();
    private final Experiment experiment = new Experiment();

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public String batch(@PathParam("kind") String kind, String body) {
        JsonElement batch = JsonParser.parseString(body).getAsJsonObject().get("batch");
        for (JsonElement message : batch.getAsJsonArray()) {
            experiment.record(message.getAsJsonObject());
        }
        synchronized (messages) {
            for (JsonElement message : batch.getAsJsonArray()) {
                messages.addFirst(message.getAsJsonObject());
                if (messages.size() > KEPT) {
                    messages.removeLast();
                }
            }
        }
        return "{\"success\":true}";
    }

    /** The experiment's outcome so far, from every message the sink got. */
    public Experiment.Outcome outcome() {
        return experiment.outcome();
    }

    /**
     * Newest first by their {@code timestamp} (then by arrival): batches of different users arrive in any order, and a
     * flag change right after a simulation would otherwise be listed below the simulation's later batches.
     */
    public List<JsonObject> messages() {
        List<JsonObject> newestFirst;
        synchronized (messages) {
            newestFirst = new ArrayList<>(messages);
        }
        newestFirst.sort(Comparator.comparing(SegmentSink::timestamp).reversed());
        return newestFirst;
    }

    /** The instant of an ISO-8601 {@code timestamp}, or the epoch when a message has none. */
    private static Instant timestamp(JsonObject message) {
        try {
            return message.has("timestamp") ? Instant.parse(message.get("timestamp").getAsString()) : Instant.EPOCH;
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }
}
