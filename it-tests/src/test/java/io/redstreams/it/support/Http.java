package io.redstreams.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls the test applications' servlets from the test JVM. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Http() {
    }

    /**
     * @param base the deployment's URL, as Arquillian injects it
     * @param path relative to it, e.g. {@code control?op=send&count=10}
     * @return the body of a 200 answer
     * @throws AssertionError for any other status, with the body
     */
    public static String get(URL base, String path) {
        return send(base, path, null, false);
    }

    /**
     * @param base the deployment's URL, as Arquillian injects it
     * @param path relative to it
     * @param traceparent a W3C {@code traceparent} header to send, or {@code null} for none
     * @return the body of a 200 answer, {@code null} for a 404
     * @throws AssertionError for any other status, with the body
     */
    public static String getOrNull(URL base, String path, String traceparent) {
        return send(base, path, traceparent, true);
    }

    private static String send(URL base, String path, String traceparent, boolean nullOn404) {
        URI uri = URI.create(base.toString().endsWith("/") ? base + path : base + "/" + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (nullOn404 && response.statusCode() == 404) {
                return null;
            }
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + uri + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: GET " + uri, e);
        }
    }
}
