package io.redstreams.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.redstreams.StreamConnection;
import io.redstreams.StreamConnectionFactory;
import io.redstreams.StreamListener;
import io.redstreams.StreamMessage;
import io.redstreams.testsupport.RedisExtension;
import redis.clients.jedis.params.XAddParams;

/**
 * Deliveries to message-driven beans run in {@code process <stream>} CONSUMER spans when {@code GlobalOpenTelemetry} is
 * set and the adapter sees the OpenTelemetry API (issue 12): the span is current while the bean runs, is a child of
 * the entry's {@code traceparent}, and carries the messaging attributes. The global is set with an SDK exporting to
 * memory and reset after each test.
 */
class MessageDrivenTracingIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    private static final AttributeKey<Long> DELIVERY_COUNT = AttributeKey.longKey("redstreams.message.delivery_count");

    /** The bean; the test's endpoint factory records the span current in onMessage. */
    public static class Tracked implements StreamListener<String> {
        @Override
        public void onMessage(StreamMessage<String> message) {
        }
    }

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private OpenTelemetrySdk sdk;
    private StartedAdapter started;
    private final List<SpanContext> current = new CopyOnWriteArrayList<>();

    @BeforeEach
    void clean() {
        redis.flushAll();
        GlobalOpenTelemetry.resetForTest();
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
    }

    @AfterEach
    void stop() {
        try {
            if (started != null) {
                started.close();
            }
        } finally {
            GlobalOpenTelemetry.resetForTest();
            sdk.close();
        }
    }

    @Test
    void aBeanActivatedAfterTheGlobalWasSetGetsProcessSpansChildrenOfTheEntrysTrace() throws Exception {
        started = StartedAdapter.start(redis.url()); // the global is not set yet when the adapter starts
        GlobalOpenTelemetry.set(sdk);
        RecordingEndpointFactory bean = recording();
        RedStreamsActivationSpec spec = StartedAdapter.spec("mdb-traced", "g");
        spec.setStartFrom("0");
        started.activate(bean, spec);

        Span request = sdk.getTracer("test").spanBuilder("request").startSpan();
        SpanContext parent = request.getSpanContext();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("payload", "written by another client");
        fields.put("traceparent", "00-" + parent.getTraceId() + "-" + parent.getSpanId() + "-01");
        String id = redis.admin().xadd("mdb-traced", XAddParams.xAddParams(), fields).toString();
        request.end();

        await().atMost(WAIT).until(() -> process("mdb-traced").size() == 1);
        SpanData process = process("mdb-traced").get(0);
        System.out.println("process span of a message-driven bean: " + process);
        assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(process.getTraceId()).isEqualTo(parent.getTraceId());
        assertThat(process.getParentSpanId()).isEqualTo(parent.getSpanId());
        assertThat(process.getAttributes().get(SYSTEM)).isEqualTo("redis");
        assertThat(process.getAttributes().get(DESTINATION)).isEqualTo("mdb-traced");
        assertThat(process.getAttributes().get(GROUP)).isEqualTo("g");
        assertThat(process.getAttributes().get(MESSAGE_ID)).isEqualTo(id);
        assertThat(process.getAttributes().get(DELIVERY_COUNT)).isEqualTo(1L);
        assertThat(current).extracting(SpanContext::getSpanId).as("current while the bean runs")
                .containsExactly(process.getSpanId());
    }

    @Test
    void anOutboundSendAndTheBeansDeliveryShareATraceWhenTheGlobalWasSetFirst() throws Exception {
        GlobalOpenTelemetry.set(sdk);
        started = StartedAdapter.start(redis.url());
        RecordingEndpointFactory bean = recording();
        bean.onMessage = message -> {
            current.add(Span.current().getSpanContext());
            if (message.deliveryCount() == 1) {
                throw new IllegalStateException("the first delivery fails");
            }
        };
        RedStreamsActivationSpec spec = StartedAdapter.spec("mdb-sent", "g");
        spec.setStartFrom("0");
        started.activate(bean, spec);
        StreamConnectionFactory connections = (StreamConnectionFactory) started.managedConnectionFactory()
                .createConnectionFactory(new PoolingConnectionManager());

        Span request = sdk.getTracer("test").spanBuilder("request").startSpan();
        try (Scope ignored = request.makeCurrent(); StreamConnection connection = connections.getConnection()) {
            connection.send("mdb-sent", "order");
        } finally {
            request.end();
        }

        await().atMost(WAIT).until(() -> process("mdb-sent").size() == 2);
        SpanData send = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("send mdb-sent"))
                .findFirst().orElseThrow();
        assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(send.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
        List<SpanData> deliveries = process("mdb-sent");
        assertThat(deliveries).allSatisfy(p -> {
            assertThat(p.getTraceId()).isEqualTo(send.getTraceId());
            assertThat(p.getParentSpanId()).isEqualTo(send.getSpanId());
        });
        assertThat(deliveries).extracting(p -> p.getAttributes().get(DELIVERY_COUNT)).containsExactlyInAnyOrder(1L, 2L);
        SpanData failed = deliveries.stream().filter(p -> p.getAttributes().get(DELIVERY_COUNT) == 1L).findFirst()
                .orElseThrow();
        assertThat(failed.getEvents()).extracting(e -> e.getName()).contains("exception", "redstreams.retry");
    }

    private RecordingEndpointFactory recording() {
        RecordingEndpointFactory bean = new RecordingEndpointFactory(Tracked.class);
        bean.onMessage = message -> current.add(Span.current().getSpanContext());
        return bean;
    }

    private List<SpanData> process(String stream) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.CONSUMER && s.getName().equals("process " + stream)).toList();
    }
}
