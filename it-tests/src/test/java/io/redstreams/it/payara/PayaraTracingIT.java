package io.redstreams.it.payara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.redstreams.it.server.ServerApps;
import io.redstreams.it.server.app.TracedOrderService;
import io.redstreams.it.support.Http;
import io.redstreams.it.support.ItRedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Issue 12 on Payara Micro: a trace crosses from a {@code @Stateless} producer, called in a JAX-RS request, through
 * a Redis entry to a {@code @StreamConsumer} method, with the server's MicroProfile Telemetry (switched on by the
 * application's {@code otel.sdk.disabled=false}, no exporter) and no collector: the test reads trace and span ids.
 *
 * <p>Per order: the client sends a W3C {@code traceparent} header with a trace id of its own; the bean reports the
 * span current when it was called (the request's) and its own span, current while it sent; the entry's
 * {@code traceparent} field is read with {@code XRANGE}; the consumer method reports {@code Span.current()}. One
 * trace id all along, and a distinct span at each step: the request's, the bean's, redstreams' {@code send} span
 * (in the field), redstreams' {@code process} span (current in the method). A tracer that only passed the
 * context on (a no-op SDK) would repeat the caller's span id instead.
 */
@ExtendWith(ItRedis.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraTracingIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ORDERS = 3;

    @Deployment(testable = false)
    static WebArchive app() {
        return ServerApps.tracingApp("tracing.war");
    }

    @ArquillianResource
    URL base;

    @Test
    void aTraceCrossesFromAStatelessProducerThroughRedisToTheConsumerMethod() {
        Set<String> traces = new HashSet<>();
        for (long order = 1; order <= ORDERS; order++) {
            String clientTrace = hex(16);
            String clientSpan = hex(8);
            String[] sent = Objects.requireNonNull(get("rest/traced/send?id=" + order,
                    "00-" + clientTrace + "-" + clientSpan + "-01"), "send answered 404").trim().split(" ");
            String requestTrace = sent[0];
            String requestSpan = sent[1];
            String beanTrace = sent[2];
            String beanSpan = sent[3];
            String entryId = sent[4];

            String traceparent = traceparent(entryId);
            String[] field = traceparent.split("-");
            long id = order;
            String[] consumed = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get("rest/traced/consumed?id=" + id, null), Objects::nonNull)
                    .trim().split(" ");
            String consumerTrace = consumed[0];
            String consumerSpan = consumed[1];
            System.out.printf("[PayaraTracingIT] order %d: client %s/%s -> JAX-RS %s/%s -> @Stateless %s/%s"
                            + " -> entry %s traceparent %s -> @StreamConsumer %s/%s %s %s%n", order, clientTrace,
                    clientSpan, requestTrace, requestSpan, beanTrace, beanSpan, entryId, traceparent, consumerTrace,
                    consumerSpan, consumed[2], consumed[3]);

            assertThat(requestTrace).as("the JAX-RS request continues the client's trace").isEqualTo(clientTrace);
            assertThat(requestSpan).as("the request's server span").isNotEqualTo(clientSpan);
            assertThat(beanTrace).as("the bean's span").isEqualTo(clientTrace);
            assertThat(beanSpan).isNotEqualTo(requestSpan);
            assertThat(field).as("traceparent %s", traceparent).hasSize(4);
            assertThat(field[1]).as("the trace id in the entry's traceparent").isEqualTo(beanTrace);
            assertThat(field[2]).as("redstreams' send span, a child of the bean's").isNotEqualTo(beanSpan);
            assertThat(field[3]).as("sampled").isEqualTo("01");
            assertThat(consumerTrace).as("Span.current() in the consumer method").isEqualTo(beanTrace);
            assertThat(consumerSpan).as("redstreams' process span").isNotEqualTo(field[2]).isNotEqualTo(beanSpan);
            assertThat(consumed[3]).isEqualTo("recording=true");
            traces.add(consumerTrace);
        }
        assertThat(traces).as("one trace per request").hasSize(ORDERS);
    }

    /** The {@code traceparent} field of the entry, read back from Redis ({@code XRANGE id id}). */
    private static String traceparent(String entryId) {
        List<StreamEntry> entries = ItRedis.REDIS.admin().xrange(TracedOrderService.STREAM,
                new StreamEntryID(entryId), new StreamEntryID(entryId));
        assertThat(entries).as("entry %s", entryId).hasSize(1);
        String traceparent = entries.get(0).getFields().get("traceparent");
        assertThat(traceparent).as("the entry's traceparent field: %s", entries.get(0).getFields()).isNotNull();
        return traceparent;
    }

    /** @return the body of a 200 answer, {@code null} for a 404; any other status fails the test */
    private String get(String path, String traceparent) {
        return Http.getOrNull(base, path, traceparent);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
