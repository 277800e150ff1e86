package io.redstreams.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.StreamProducer;
import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Tracing through the stream with an OpenTelemetry bean (Weld SE, real Redis): the send's PRODUCER span and the
 * entry's trace fields, the delivery's CONSUMER span as its child with the messaging attributes, the application's
 * own span inside it, entries of other clients continuing their trace, failures, retries and dead letters as events,
 * and the dead-letter copy keeping the trace field.
 */
class TracingIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    private static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    private static final AttributeKey<Long> DELIVERY_COUNT = AttributeKey.longKey("redstreams.message.delivery_count");
    private static final AttributeKey<Long> BATCH_COUNT = AttributeKey.longKey("messaging.batch.message_count");

    /** The W3C traceparent of a span: version, trace id, span id, flags (sampled, and random with SDKs that say so). */
    private static String traceparent(SpanData span) {
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex();
    }

    @BeforeEach
    void clean() {
        redis.flushAll();
        Telemetry.SPANS.reset();
    }

    @ApplicationScoped
    public static class Orders {
        final List<StreamMessage<String>> received = new CopyOnWriteArrayList<>();
        final List<Map<String, String>> fields = new CopyOnWriteArrayList<>();

        void on(@StreamConsumer(stream = "orders", group = "billing") StreamMessage<String> message) {
            Span own = Telemetry.OTEL.getTracer("app").spanBuilder("bill").startSpan();
            try (Scope ignored = own.makeCurrent()) {
                received.add(message);
            } finally {
                own.end();
            }
        }

        void fields(@StreamConsumer(stream = "raw", group = "g") Map<String, String> entry) {
            fields.add(entry);
        }

        List<StreamMessage<String>> received() {
            return received;
        }

        List<Map<String, String>> fields() {
            return fields;
        }
    }

    @Test
    void aSendAndItsDeliveryAreOneTraceAndTheApplicationsSpanNestsInside() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Telemetry.class, Orders.class)) {
            StreamProducer producer = app.producer();
            Span request = Telemetry.OTEL.getTracer("test").spanBuilder("request").startSpan();
            String id;
            try (Scope ignored = request.makeCurrent()) {
                id = producer.send("orders", "o-1", Map.of("tenant", "acme"));
            } finally {
                request.end();
            }
            Orders orders = app.bean(Orders.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> Telemetry.spans(SpanKind.CONSUMER, "process orders")
                    .size() == 1 && Telemetry.named("bill").size() == 1);

            SpanData send = Telemetry.spans(SpanKind.PRODUCER, "send orders").get(0);
            assertThat(send.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
            assertThat(send.getAttributes().get(SYSTEM)).isEqualTo("redis");
            assertThat(send.getAttributes().get(DESTINATION)).isEqualTo("orders");
            assertThat(send.getAttributes().get(OPERATION_TYPE)).isEqualTo("send");
            assertThat(send.getAttributes().get(OPERATION_NAME)).isEqualTo("send");
            assertThat(send.getAttributes().get(MESSAGE_ID)).isEqualTo(id);

            StreamEntry entry = redis.admin().xrange("orders", (StreamEntryID) null, (StreamEntryID) null).get(0);
            assertThat(entry.getFields()).containsEntry("traceparent",
                    traceparent(send));
            assertThat(entry.getFields()).doesNotContainKey("tracestate"); // empty: not written

            SpanData process = Telemetry.spans(SpanKind.CONSUMER, "process orders").get(0);
            assertThat(process.getTraceId()).isEqualTo(send.getTraceId());
            assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
            assertThat(process.getLinks()).singleElement()
                    .satisfies(l -> assertThat(l.getSpanContext().getSpanId()).isEqualTo(send.getSpanId()));
            assertThat(process.getAttributes().get(SYSTEM)).isEqualTo("redis");
            assertThat(process.getAttributes().get(DESTINATION)).isEqualTo("orders");
            assertThat(process.getAttributes().get(GROUP)).isEqualTo("billing");
            assertThat(process.getAttributes().get(MESSAGE_ID)).isEqualTo(id);
            assertThat(process.getAttributes().get(DELIVERY_COUNT)).isEqualTo(1L);
            assertThat(process.getAttributes().get(OPERATION_TYPE)).isEqualTo("process");
            assertThat(process.getAttributes().get(OPERATION_NAME)).isEqualTo("process");
            assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

            SpanData bill = Telemetry.named("bill").get(0);
            assertThat(bill.getParentSpanId()).isEqualTo(process.getSpanId());
            assertThat(bill.getTraceId()).isEqualTo(send.getTraceId());

            // Trace fields are transport, not headers.
            assertThat(orders.received()).singleElement()
                    .satisfies(m -> assertThat(m.headers()).containsExactly(Map.entry("tenant", "acme")));
        }
    }

    @Test
    void everyDeliveryIsAChildOfItsOwnSendAndLinkedToIt() {
        // the first delivery's span gets its link on the builder, the later ones right after their start
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Telemetry.class, Orders.class)) {
            StreamProducer producer = app.producer();
            for (int i = 0; i < 5; i++) {
                producer.send("orders", "o-" + i);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> Telemetry.spans(SpanKind.CONSUMER, "process orders")
                    .size() == 5);
            List<SpanData> sends = Telemetry.spans(SpanKind.PRODUCER, "send orders");
            assertThat(sends).hasSize(5);
            for (SpanData send : sends) {
                SpanData process = Telemetry.spans(SpanKind.CONSUMER, "process orders").stream()
                        .filter(p -> p.getTraceId().equals(send.getTraceId())).findFirst().orElseThrow();
                assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
                assertThat(process.getLinks()).singleElement()
                        .satisfies(l -> assertThat(l.getSpanContext()).isEqualTo(process.getParentSpanContext()));
                assertThat(process.getAttributes().get(GROUP)).isEqualTo("billing");
                assertThat(process.getAttributes().get(DESTINATION)).isEqualTo("orders");
                assertThat(process.getAttributes().get(MESSAGE_ID)).isEqualTo(send.getAttributes().get(MESSAGE_ID));
                assertThat(process.getAttributes().size()).isEqualTo(7);
            }
        }
    }

    @Test
    void anEntryOfAnotherClientContinuesItsTraceAndAMapPayloadDoesNotSeeTheTraceFields() {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        String parentId = "b7ad6b7169203331";
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Telemetry.class, Orders.class)) {
            app.producer(); // the engine, and with it the consumers, is up
            StreamEntryID id = redis.admin().xadd("raw", StreamEntryID.NEW_ENTRY, Map.of("sku", "x-1",
                    "traceparent", "00-" + traceId + "-" + parentId + "-01", "tracestate", "vendor=abc"));
            Orders orders = app.bean(Orders.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> Telemetry.spans(SpanKind.CONSUMER, "process raw")
                    .size() == 1);
            SpanData process = Telemetry.spans(SpanKind.CONSUMER, "process raw").get(0);
            assertThat(process.getTraceId()).isEqualTo(traceId);
            assertThat(process.getParentSpanId()).isEqualTo(parentId);
            assertThat(process.getParentSpanContext().isRemote()).isTrue();
            assertThat(process.getParentSpanContext().getTraceState().get("vendor")).isEqualTo("abc");
            assertThat(process.getAttributes().get(MESSAGE_ID)).isEqualTo(id.toString());
            assertThat(orders.fields()).singleElement().isEqualTo(Map.of("sku", "x-1"));
        }
    }

    @ApplicationScoped
    public static class Cursed {
        void on(@StreamConsumer(stream = "cursed", group = "g", maxDeliveries = 2) String payload) {
            throw new IllegalStateException("cursed: " + payload);
        }
    }

    @Test
    void failuresRetriesAndDeadLettersAreEventsAndTheDeadLetterKeepsTheTraceField() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Telemetry.class, Cursed.class)) {
            app.producer().send("cursed", "x");
            await().atMost(Duration.ofSeconds(10)).until(() -> redis.admin().exists("cursed:dlq")
                    && Telemetry.spans(SpanKind.CONSUMER, "process cursed").size() == 2);
            SpanData send = Telemetry.spans(SpanKind.PRODUCER, "send cursed").get(0);
            List<SpanData> deliveries = Telemetry.spans(SpanKind.CONSUMER, "process cursed");
            assertThat(deliveries).extracting(s -> s.getAttributes().get(DELIVERY_COUNT)).containsExactly(1L, 2L);
            assertThat(deliveries).allSatisfy(s -> {
                assertThat(s.getParentSpanId()).isEqualTo(send.getSpanId());
                assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
                assertThat(s.getAttributes().get(AttributeKey.stringKey("error.type")))
                        .isEqualTo(IllegalStateException.class.getName());
            });
            assertThat(deliveries.get(0).getEvents()).extracting(EventData::getName)
                    .containsExactly("exception", "redstreams.retry");
            assertThat(deliveries.get(1).getEvents()).extracting(EventData::getName)
                    .containsExactly("exception", "redstreams.dead_letter");
            EventData deadLetter = deliveries.get(1).getEvents().get(1);
            assertThat(deadLetter.getAttributes().get(AttributeKey.stringKey("redstreams.dead_letter.stream")))
                    .isEqualTo("cursed:dlq");
            assertThat(deadLetter.getAttributes().get(AttributeKey.stringKey("redstreams.dead_letter.reason")))
                    .isEqualTo("java.lang.IllegalStateException: cursed: x");

            StreamEntry dead = redis.admin().xrange("cursed:dlq", (StreamEntryID) null, (StreamEntryID) null).get(0);
            assertThat(dead.getFields()).containsEntry("traceparent",
                    traceparent(send));
        }
    }

    @Test
    void sendAllIsOneSpanWhoseContextEveryEntryCarriesAndAnAsynchronousSendHasItsOwn() throws Exception {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Telemetry.class)) {
            List<String> ids = app.producer().sendAll("batch", List.of("a", "b", "c"));
            CompletableFuture<String> async = app.producer().sendAsync("batch", "d").toCompletableFuture();
            String asyncId = async.get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> Telemetry.spans(SpanKind.PRODUCER, "send batch")
                    .size() == 2);
            List<SpanData> sends = Telemetry.spans(SpanKind.PRODUCER, "send batch");
            SpanData batch = sends.stream().filter(s -> s.getAttributes().get(BATCH_COUNT) != null).findFirst()
                    .orElseThrow();
            SpanData single = sends.stream().filter(s -> s != batch).findFirst().orElseThrow();
            assertThat(batch.getAttributes().get(BATCH_COUNT)).isEqualTo(3L);
            assertThat(single.getAttributes().get(MESSAGE_ID)).isEqualTo(asyncId);
            List<StreamEntry> entries = redis.admin().xrange("batch", (StreamEntryID) null, (StreamEntryID) null);
            assertThat(entries).extracting(e -> e.getID().toString()).startsWith(ids.toArray(String[]::new));
            assertThat(entries.subList(0, 3)).allSatisfy(e -> assertThat(e.getFields()).containsEntry("traceparent",
                    traceparent(batch)));
            assertThat(entries.get(3).getFields()).containsEntry("traceparent",
                    traceparent(single));
        }
    }

    @ApplicationScoped
    public static class Typed {
        final List<String> received = new CopyOnWriteArrayList<>();

        void on(@StreamConsumer(stream = "typed", group = "g", types = "wanted") String payload) {
            received.add(payload);
        }

        List<String> received() {
            return received;
        }
    }

    @Test
    void anEntryTheConsumerSkipsGetsNoSpanAndAnIdempotentSendIsTraced() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Telemetry.class, Typed.class)) {
            app.producer().send("typed", "skip me", Map.of("type", "other"));
            String id = app.producer().sendIdempotent("typed", "key-1", "take me", Map.of("type", "wanted"));
            Typed typed = app.bean(Typed.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> typed.received().size() == 1
                    && redis.admin().xpending("typed", "g").getTotal() == 0
                    && Telemetry.spans(SpanKind.CONSUMER, "process typed").size() == 1);
            assertThat(Telemetry.spans(SpanKind.CONSUMER, "process typed")).singleElement()
                    .satisfies(s -> assertThat(s.getAttributes().get(MESSAGE_ID)).isEqualTo(id));
            assertThat(Telemetry.spans(SpanKind.PRODUCER, "send typed")).hasSize(2)
                    .anySatisfy(s -> assertThat(s.getAttributes().get(MESSAGE_ID)).isEqualTo(id));
        }
    }

    @Test
    void linkOnlyStartsATraceOfItsOwnLinkedToTheProducer() {
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.tracing.link-only", "true");
        try (WeldApp app = WeldApp.start(config, Telemetry.class, Orders.class)) {
            app.producer().send("orders", "o-2");
            await().atMost(Duration.ofSeconds(10)).until(() -> Telemetry.spans(SpanKind.CONSUMER, "process orders")
                    .size() == 1);
            SpanData send = Telemetry.spans(SpanKind.PRODUCER, "send orders").get(0);
            SpanData process = Telemetry.spans(SpanKind.CONSUMER, "process orders").get(0);
            assertThat(process.getTraceId()).isNotEqualTo(send.getTraceId());
            assertThat(process.getParentSpanContext().isValid()).isFalse();
            assertThat(process.getLinks()).singleElement()
                    .satisfies(l -> assertThat(l.getSpanContext().getSpanId()).isEqualTo(send.getSpanId()));
        }
    }

    @Test
    void tracingCanBeSwitchedOff() {
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.tracing.enabled", "false");
        try (WeldApp app = WeldApp.start(config, Telemetry.class, Orders.class)) {
            app.producer().send("orders", "o-3");
            Orders orders = app.bean(Orders.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> orders.received().size() == 1);
            StreamEntry entry = redis.admin().xrange("orders", (StreamEntryID) null, (StreamEntryID) null).get(0);
            assertThat(entry.getFields()).containsOnlyKeys("payload");
            assertThat(Telemetry.named("send orders")).isEmpty();
            assertThat(Telemetry.named("process orders")).isEmpty();
        }
    }
}
