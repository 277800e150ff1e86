package io.redstreams.it.wildflymp;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

/**
 * One answer of the server's MicroProfile Health endpoint ({@code /health/started}, {@code /health/ready},
 * {@code /health/live} on the management interface): the HTTP status, the overall status, and the checks named
 * {@code redstreams}.
 *
 * @param endpoint   e.g. {@code /health/ready}
 * @param httpStatus 200 when UP, 503 when DOWN
 * @param status     the overall {@code status}
 * @param redstreams the checks named {@code redstreams} (one per application using redstreams)
 * @param body       the answer as the server sent it, for messages
 */
record Health(String endpoint, int httpStatus, String status, List<Check> redstreams, String body) {

    /** One check: its status and its data as text. */
    record Check(String status, Map<String, String> data) {
    }

    static Health read(String endpoint) {
        Endpoints.Answer answer = Endpoints.get(Endpoints.management(endpoint));
        if (answer.status() != 200 && answer.status() != 503) {
            throw new AssertionError("GET " + endpoint + " answered " + answer.status() + ": " + answer.body());
        }
        JsonObject json;
        try (JsonReader reader = Json.createReader(new StringReader(answer.body()))) {
            json = reader.readObject();
        }
        List<Check> checks = json.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> "redstreams".equals(c.getString("name")))
                .map(c -> new Check(c.getString("status"), data(c.getJsonObject("data"))))
                .toList();
        return new Health(endpoint, answer.status(), json.getString("status"), checks, answer.body());
    }

    private static Map<String, String> data(JsonObject data) {
        Map<String, String> out = new TreeMap<>();
        if (data != null) {
            data.forEach((k, v) -> out.put(k, v.getValueType() == JsonValue.ValueType.STRING
                    ? data.getString(k) : v.toString()));
        }
        return out;
    }

    /** The one {@code redstreams} check; fails when there is none or more than one. */
    Check check() {
        if (redstreams.size() != 1) {
            throw new AssertionError("expected one check named redstreams at " + endpoint + ", got "
                    + redstreams.size() + ": " + body);
        }
        return redstreams.get(0);
    }

    /** The data entries of the consumers of {@code stream} and {@code group}: key {@code stream/group/consumer}. */
    Map<String, String> consumers(String stream, String group) {
        Map<String, String> out = new TreeMap<>();
        check().data().forEach((k, v) -> {
            if (k.startsWith(stream + "/" + group + "/")) {
                out.put(k, v);
            }
        });
        return out;
    }
}
