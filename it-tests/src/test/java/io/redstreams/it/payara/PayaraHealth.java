package io.redstreams.it.payara;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import org.awaitility.Awaitility;

/**
 * Payara's MicroProfile Health endpoint as a client sees it: {@code /health/ready}, {@code /health/live} and
 * {@code /health/started} on the HTTP listener of the applications (status 200 when every check is UP, else 503;
 * the body {@code {"status":..,"checks":[{"name":..,"status":..,"data":{..}}]}}), reduced to the check named
 * {@code redstreams}.
 */
final class PayaraHealth {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Jsonb JSON = JsonbBuilder.create();

    /** The {@code redstreams} check of one answer; {@code status} is null when the answer has no such check. */
    record Check(int httpStatus, String status, Map<String, Object> data, String json) {
    }

    private final URI root;

    /** @param base any deployment's URL: the endpoint is at the root of its host and port */
    PayaraHealth(URL base) {
        this.root = URI.create(base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/");
    }

    /** @param kind {@code ready}, {@code live} or {@code started} */
    Check probe(String kind) {
        HttpResponse<String> response = get(kind);
        return parse(response.statusCode(), response.body());
    }

    /**
     * @param kind {@code ready}, {@code live} or {@code started}
     * @return how many checks named {@code redstreams} the answer has
     */
    @SuppressWarnings("unchecked")
    long count(String kind) {
        Object checks = JSON.fromJson(get(kind).body(), Map.class).get("checks");
        return checks instanceof List<?> list
                ? list.stream().filter(c -> "redstreams".equals(((Map<String, Object>) c).get("name"))).count() : 0;
    }

    private HttpResponse<String> get(String kind) {
        URI uri = root.resolve("health/" + kind);
        try {
            return CLIENT.send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: GET " + uri, e);
        }
    }

    /** Polls until the {@code redstreams} check of {@code kind} has {@code status}; the last answer on timeout. */
    Check await(String kind, String status, Duration atMost) {
        return Awaitility.await("redstreams " + kind + " check " + status).atMost(atMost)
                .pollInterval(Duration.ofMillis(250)).until(() -> probe(kind), c -> status.equals(c.status()));
    }

    @SuppressWarnings("unchecked")
    private static Check parse(int httpStatus, String body) {
        Map<String, Object> answer;
        try {
            answer = JSON.fromJson(body, Map.class);
        } catch (RuntimeException notJson) {
            return new Check(httpStatus, null, Map.of(), body);
        }
        Object checks = answer.get("checks");
        if (checks instanceof List<?> list) {
            for (Object item : list) {
                Map<String, Object> check = (Map<String, Object>) item;
                if ("redstreams".equals(check.get("name"))) {
                    Object data = check.get("data");
                    return new Check(httpStatus, String.valueOf(check.get("status")),
                            data instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(), JSON.toJson(check));
                }
            }
        }
        return new Check(httpStatus, null, Map.of(), body);
    }
}
