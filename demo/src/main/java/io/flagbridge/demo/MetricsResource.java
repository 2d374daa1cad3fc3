package io.flagbridge.demo;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;

/**
 * The OpenTelemetry metrics FlagBridge reported, as one collection of the demo's SDK gives them:
 * {@code {"metrics":[{"name", "unit", "description", "scope", "points":[{"attributes":{...}, "value"}]}]}}.
 */
@ApplicationScoped
@Path("metrics")
public class MetricsResource {

    @Inject
    DemoTelemetry telemetry;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String metrics() {
        List<MetricData> collected = telemetry.collect().stream().sorted(Comparator.comparing(MetricData::getName))
                .toList();
        JsonArray metrics = new JsonArray();
        for (MetricData metric : collected) {
            JsonObject json = new JsonObject();
            json.addProperty("name", metric.getName());
            json.addProperty("unit", metric.getUnit());
            json.addProperty("description", metric.getDescription());
            json.addProperty("scope", metric.getInstrumentationScopeInfo().getName());
            JsonArray points = new JsonArray();
            metric.getData().getPoints().stream().sorted(Comparator.comparing(p -> p.getAttributes().toString()))
                    .forEach(point -> points.add(point(point)));
            json.add("points", points);
            metrics.add(json);
        }
        JsonObject page = new JsonObject();
        page.add("metrics", metrics);
        return page.toString();
    }

    private static JsonObject point(PointData point) {
        JsonObject json = new JsonObject();
        JsonObject attributes = new JsonObject();
        for (Map.Entry<AttributeKey<?>, Object> attribute : point.getAttributes().asMap().entrySet()) {
            attributes.addProperty(attribute.getKey().getKey(), String.valueOf(attribute.getValue()));
        }
        json.add("attributes", attributes);
        if (point instanceof LongPointData value) {
            json.addProperty("value", value.getValue());
        } else if (point instanceof DoublePointData value) {
            json.addProperty("value", value.getValue());
        }
        return json;
    }
}
