package io.redstreams.it.wildflymp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URL;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import io.redstreams.it.server.ServerApps;
import io.redstreams.it.server.app.TracingConsumer;
import io.redstreams.it.support.Http;
import io.redstreams.it.support.ItRedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * A trace crosses WildFly 39 ({@code standalone-microprofile.xml}, MicroProfile Telemetry) from a JAX-RS request
 * through a {@code @Stateless} producer and Redis to a {@code @StreamConsumer} method, judged without a collector:
 * the test sends the request with a {@code traceparent} of its own; the producing bean's current trace id, the
 * entry's {@code traceparent} field (read with XRANGE) and the consumer method's current span must all carry that
 * trace id, and the consumer's span must be the {@code process <stream>} CONSUMER span whose parent is the
 * {@code send} span named in the entry.
 */
@EnabledIfSystemProperty(named = "arquillian.launch", matches = "wildfly-mp",
        disabledReason = "needs the wildfly-mp container (standalone-microprofile.xml)")
@ExtendWith(ItRedis.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WildFlyTracingIT {

    private static final String APP = "app";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * MicroProfile Telemetry is off unless the application turns it on; no exporter (the test reads the trace from
     * the application and Redis, so nothing is exported to a collector that is not there).
     */
    static final String TELEMETRY = """
            otel.sdk.disabled=false
            otel.traces.exporter=none
            otel.metrics.exporter=none
            otel.logs.exporter=none
            otel.service.name=redstreams-it
            """;

    @ArquillianResource
    @OperateOnDeployment(APP)
    URL base;

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive rar() {
        return ServerApps.rar();
    }

    @Deployment(name = APP, order = 2, testable = false)
    static WebArchive app() {
        return ServerApps.tracingApp("tracing.war", TELEMETRY);
    }

    @Test
    void aTraceCrossesFromAStatelessProducerThroughRedisToAStreamConsumer() {
        int orders = 5;
        for (long id = 1; id <= orders; id++) {
            String traceId = hex(16);
            String callerSpanId = hex(8);
            Endpoints.Answer answer = Endpoints.get(URI.create(base + "rest/send?id=" + id),
                    Map.of("traceparent", "00-" + traceId + "-" + callerSpanId + "-01"));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            String[] producerTraceAndEntry = answer.body().trim().split(" ");
            assertThat(producerTraceAndEntry[0]).as("the @Stateless producer's current trace id (the request's)")
                    .isEqualTo(traceId);

            StreamEntry entry = entry(producerTraceAndEntry[1]);
            String traceparent = entry.getFields().get("traceparent");
            assertThat(traceparent).as("the entry's traceparent field").isNotNull()
                    .matches("00-" + traceId + "-[0-9a-f]{16}-01");
            String sendSpanId = traceparent.split("-")[2];
            assertThat(sendSpanId).as("the send span, a child of the request's").isNotEqualTo(callerSpanId);

            long order = id;
            await().atMost(WAIT).untilAsserted(() -> assertThat(reportLine(order)).as("consumer of order %d", order)
                    .isPresent().get(STRING)
                    .contains("producer=" + traceId)
                    .contains("consumer=" + traceId + " name=process_" + TracingConsumer.STREAM
                            + ";kind=CONSUMER;parent=" + sendSpanId));
            if (id == 1) {
                System.out.println("WildFlyTracingIT: request traceparent 00-" + traceId + "-" + callerSpanId
                        + "-01, entry " + entry.getID() + " " + entry.getFields() + ", application saw: "
                        + reportLine(order).orElseThrow());
            }
        }
        System.out.println("WildFlyTracingIT: " + orders + " traces crossed from the request through the @Stateless"
                + " producer and Redis to the @StreamConsumer");
    }

    /** An entry added by another client with a {@code traceparent} continues that client's trace. */
    @Test
    void anEntryAnotherClientAddedWithATraceparentContinuesItsTrace() {
        String traceId = hex(16);
        String spanId = hex(8);
        ItRedis.REDIS.admin().xadd(TracingConsumer.STREAM, StreamEntryID.NEW_ENTRY,
                Map.of("payload", "{\"id\":100,\"amount\":1}", "traceparent", "00-" + traceId + "-" + spanId + "-01"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(reportLine(100)).isPresent()
                .get(STRING)
                .contains("producer=-")
                .contains("consumer=" + traceId + " name=process_" + TracingConsumer.STREAM + ";kind=CONSUMER;parent="
                        + spanId));
    }

    private StreamEntry entry(String id) {
        List<StreamEntry> found = ItRedis.REDIS.admin().xrange(TracingConsumer.STREAM, new StreamEntryID(id),
                new StreamEntryID(id), 1);
        assertThat(found).as("entry %s of %s", id, TracingConsumer.STREAM).hasSize(1);
        return found.get(0);
    }

    private Optional<String> reportLine(long id) {
        return Http.get(base, "rest/report").lines().filter(l -> l.startsWith(id + " ")).findFirst();
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
