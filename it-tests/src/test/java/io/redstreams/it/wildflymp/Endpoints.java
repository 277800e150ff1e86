package io.redstreams.it.wildflymp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * HTTP from the test JVM to the server: its management interface ({@code /health/*}, {@code /metrics}) and the
 * applications, with any status answered (a DOWN health check answers 503) and request headers (a
 * {@code traceparent}).
 */
final class Endpoints {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Endpoints() {
    }

    /** A status and a body. */
    record Answer(int status, String body) {
    }

    /** The server's management interface, on the port the build reserved ({@code it.wildfly.management.port}). */
    static URI management(String path) {
        String port = System.getProperty("it.wildfly.management.port");
        if (port == null) {
            throw new IllegalStateException(
                    "system property it.wildfly.management.port is not set (the build sets it)");
        }
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static Answer get(URI uri) {
        return get(uri, Map.of());
    }

    static Answer get(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: GET " + uri, e);
        }
    }
}
