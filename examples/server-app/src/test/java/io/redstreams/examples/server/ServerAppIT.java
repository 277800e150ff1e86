package io.redstreams.examples.server;

import static io.redstreams.testsupport.RedStreamsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.testsupport.RedisExtension;

/**
 * Starts the server named by {@code server.kind} (WildFly or Payara Micro) with the adapter and the example WAR by
 * the README's command, sends orders through the {@code @Stateless} producer, and checks in Redis that both the
 * {@code @StreamConsumer} method (group {@code billing}) and the MDB (group {@code shipping}) acknowledged every
 * one; after the server stops, no {@code redstreams*} connection is left.
 */
class ServerAppIT {

    private static final int ORDERS = 20;

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated();

    // HTTP/1.1: the JDK client otherwise asks for an h2c upgrade, and Payara Micro 6.2025.10's Grizzly can deadlock
    // two of its HTTP threads on that upgrade (seen here: Http2Session.deregisterStream vs
    // DefaultOutputSink.terminate), after which the server never answers again
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theExampleDeploysProducesAndConsumes() throws Exception {
        String kind = System.getProperty("server.kind", "wildfly");
        long start = System.nanoTime();
        try (ServerProcess server = ServerProcess.start(kind, redis.url())) {
            awaitDeployed(server);
            System.out.printf("ServerAppIT: %s with the adapter and the WAR ready in %.1f s%n", kind,
                    (System.nanoTime() - start) / 1e9);

            HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                    + "/orders?count=" + ORDERS)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(sent.statusCode()).as(server.logTail()).isEqualTo(200);
            List<String> ids = sent.body().lines().toList();
            assertThat(ids).hasSize(ORDERS);

            String last = ids.get(ids.size() - 1);
            assertThat(redis).within(Duration.ofSeconds(60)).group(OrderService.STREAM, "billing")
                    .hasAcknowledged(last).hasNoPendingEntries();
            assertThat(redis).within(Duration.ofSeconds(60)).group(OrderService.STREAM, "shipping")
                    .hasAcknowledged(last).hasNoPendingEntries();
            assertThat(get(server.baseUrl() + "/orders").body()).isEqualTo(String.valueOf(ORDERS));
            System.out.printf("ServerAppIT: %s produced %d, billed (CDI) %d, shipped (MDB) all acknowledged%n",
                    kind, ORDERS, ORDERS);
        }
        assertThat(redis).within(Duration.ofSeconds(30)).hasNoRedstreamsClients();
    }

    private void awaitDeployed(ServerProcess server) {
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicReference<String> lastAnswer = new AtomicReference<>("none yet");
        try {
            Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
                failure.set(server.failure());
                if (failure.get() != null) {
                    return true;
                }
                try {
                    HttpResponse<String> answer = get(server.baseUrl() + "/orders");
                    lastAnswer.set("HTTP " + answer.statusCode() + " " + answer.body());
                    return answer.statusCode() == 200;
                } catch (java.io.IOException e) {
                    lastAnswer.set(e.toString());
                    return false; // not listening yet
                }
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the application did not answer at " + server.baseUrl() + " within 5 minutes"
                    + " (last answer: " + lastAnswer.get() + "; threads: " + server.dumpThreads() + ")\n"
                    + server.logTail(), e);
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get() + "\n" + server.logTail());
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
