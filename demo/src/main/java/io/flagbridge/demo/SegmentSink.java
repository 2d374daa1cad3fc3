package io.flagbridge.demo;

import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * needs no Segment account: it keeps the last 200 messages for the event page.
 */
@ApplicationScoped
@Path("sink/v1/{kind}")
public class SegmentSink {

    private static final int KEPT = 200;
    private final Deque<JsonObject> messages = new ArrayDeque<>();

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public String batch(@PathParam("kind") String kind, String body) {
        JsonElement batch = JsonParser.parseString(body).getAsJsonObject().get("batch");
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

    /** Newest first. */
    public List<JsonObject> messages() {
        synchronized (messages) {
            return new ArrayList<>(messages);
        }
    }
}
