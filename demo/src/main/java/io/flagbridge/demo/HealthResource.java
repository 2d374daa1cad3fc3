package io.flagbridge.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The server's MicroProfile Health readiness answer ({@code /health/ready}: Open Liberty's HTTP port with
 * {@code mpHealth}, WildFly's management port 9990), fetched here so that the page never gets an error where the
 * server has none: {@code {"available": false}} then.
 */
@ApplicationScoped
@Path("health")
public class HealthResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String health(@Context UriInfo uri) {
        String host = uri.getBaseUri().getHost();
        for (URI candidate : List.of(uri.getBaseUri().resolve("/health/ready"),
                URI.create("http://" + host + ":9990/health/ready"))) {
            JsonObject answer = fetch(candidate);
            if (answer != null) {
                answer.addProperty("available", true);
                answer.addProperty("from", candidate.getPort() == 9990 ? "management port 9990" : "/health/ready");
                return answer.toString();
            }
        }
        return "{\"available\":false}";
    }

    private static JsonObject fetch(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(2000);
            int status = connection.getResponseCode();
            // 503 is an answer too: a check is DOWN.
            InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            if ((status != 200 && status != 503) || body == null) {
                return null;
            }
            try (body) {
                JsonObject json = JsonParser.parseString(new String(body.readAllBytes(), StandardCharsets.UTF_8))
                        .getAsJsonObject();
                return json.has("checks") ? json : null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
