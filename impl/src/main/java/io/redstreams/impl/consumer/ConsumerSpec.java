package io.redstreams.impl.consumer;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.redstreams.impl.codec.ConsumerParameter;
import io.redstreams.impl.redis.EntryIds;

/**
 * What a {@code @StreamConsumer} method or an MDB activation becomes for the engine: where to
 * read, how, and whom to call. A parameter object with fluent setters; {@link #problems()} checks
 * it and returns every problem at once.
 */
public final class ConsumerSpec {

    private String name = "consumer";
    private String stream;
    private String group;
    private String consumer = "";
    private int concurrency = 1;
    private int batchSize = 10;
    private int maxDeliveries = 5;
    private String deadLetterStream = "";
    private long deadLetterMaxLen = io.redstreams.impl.config.ConfigKeys.DEAD_LETTER_MAX_LEN.defaultValue();
    private String startFrom = "$";
    private Set<String> types = Set.of();
    private long processingTimeoutMs;
    private Type payloadType;
    private MessageInvoker invoker;
    private String unrouted = UNROUTED_DEAD_LETTER;
    private boolean manualAck;
    private long batchWaitMs = DEFAULT_BATCH_WAIT_MS;
    private List<ConsumerSpec> routes = List.of();

    /** {@link #unrouted()}: an entry of a type no routed method handles goes to the dead-letter stream. */
    public static final String UNROUTED_DEAD_LETTER = "dead-letter";
    /** {@link #unrouted()}: an entry of a type no routed method handles is acknowledged and skipped. */
    public static final String UNROUTED_SKIP = "skip";
    /** How long a batch consumer waits for a batch to fill by default, in ms. */
    public static final long DEFAULT_BATCH_WAIT_MS = 100;

    /** Who this is, for messages and thread names, e.g. {@code com.acme.Billing#onOrder}. */
    public String name() {
        return name;
    }

    public ConsumerSpec name(String name) {
        this.name = name;
        return this;
    }

    public String stream() {
        return stream;
    }

    public ConsumerSpec stream(String stream) {
        this.stream = stream;
        return this;
    }

    public String group() {
        return group;
    }

    public ConsumerSpec group(String group) {
        this.group = group;
        return this;
    }

    /** The consumer name; empty means the engine's default. */
    public String consumer() {
        return consumer;
    }

    public ConsumerSpec consumer(String consumer) {
        this.consumer = consumer == null ? "" : consumer;
        return this;
    }

    public int concurrency() {
        return concurrency;
    }

    public ConsumerSpec concurrency(int concurrency) {
        this.concurrency = concurrency;
        return this;
    }

    public int batchSize() {
        return batchSize;
    }

    public ConsumerSpec batchSize(int batchSize) {
        this.batchSize = batchSize;
        return this;
    }

    public int maxDeliveries() {
        return maxDeliveries;
    }

    public ConsumerSpec maxDeliveries(int maxDeliveries) {
        this.maxDeliveries = maxDeliveries;
        return this;
    }

    /** The dead-letter stream; {@code <stream>:dlq} when none was given. */
    public String deadLetterStream() {
        return deadLetterStream == null || deadLetterStream.isEmpty() ? stream + ":dlq" : deadLetterStream;
    }

    public ConsumerSpec deadLetterStream(String deadLetterStream) {
        this.deadLetterStream = deadLetterStream;
        return this;
    }

    /** Each dead letter trims the dead-letter stream to about this many entries ({@code MAXLEN ~}); 0: never. */
    public long deadLetterMaxLen() {
        return deadLetterMaxLen;
    }

    public ConsumerSpec deadLetterMaxLen(long deadLetterMaxLen) {
        this.deadLetterMaxLen = deadLetterMaxLen;
        return this;
    }

    public String startFrom() {
        return startFrom;
    }

    public ConsumerSpec startFrom(String startFrom) {
        this.startFrom = startFrom;
        return this;
    }

    /** Accepted values of the {@code type} field; empty: all. */
    public Set<String> types() {
        return types;
    }

    public ConsumerSpec types(String... types) {
        this.types = types == null ? Set.of() : Set.copyOf(new LinkedHashSet<>(Arrays.asList(types)));
        return this;
    }

    /** How long one delivery may take (the method and its stage), in ms; 0: the engine's configured default. */
    public long processingTimeoutMs() {
        return processingTimeoutMs;
    }

    public ConsumerSpec processingTimeoutMs(long processingTimeoutMs) {
        this.processingTimeoutMs = processingTimeoutMs;
        return this;
    }

    /** The declared type of the payload parameter, e.g. {@code Order} or {@code StreamMessage<Order>}. */
    public Type payloadType() {
        return payloadType;
    }

    public ConsumerSpec payloadType(Type payloadType) {
        this.payloadType = payloadType;
        return this;
    }

    public MessageInvoker invoker() {
        return invoker;
    }

    public ConsumerSpec invoker(MessageInvoker invoker) {
        this.invoker = invoker;
        return this;
    }

    /**
     * What becomes of an entry whose {@code type} no method of a type-routed consumer handles:
     * {@link #UNROUTED_DEAD_LETTER} (the default) or {@link #UNROUTED_SKIP} (acknowledged, not delivered).
     */
    public String unrouted() {
        return unrouted;
    }

    public ConsumerSpec unrouted(String unrouted) {
        this.unrouted = unrouted;
        return this;
    }

    /**
     * Whether the method takes over acknowledgement (an {@code Acknowledgement} parameter): the entry's fate is
     * what it calls, or a failure at the processing timeout; the engine then calls
     * {@link MessageInvoker#invoke(Object, io.redstreams.Acknowledgement)}.
     */
    public boolean manualAck() {
        return manualAck;
    }

    public ConsumerSpec manualAck(boolean manualAck) {
        this.manualAck = manualAck;
        return this;
    }

    /** Whether the payload parameter is a {@code List}: the method gets up to {@link #batchSize()} entries a call. */
    public boolean batch() {
        return routes.isEmpty() && payloadType != null && BatchParameter.elementType(payloadType) != null;
    }

    /** A batch consumer waits at most this long (ms) after the first entry of a batch for it to fill. */
    public long batchWaitMs() {
        return batchWaitMs;
    }

    public ConsumerSpec batchWaitMs(long batchWaitMs) {
        this.batchWaitMs = batchWaitMs;
        return this;
    }

    /**
     * The methods this consumer routes entries to by their {@code type} field (see {@link TypeRoutes}); empty for a
     * consumer of one method.
     */
    public List<ConsumerSpec> routes() {
        return routes;
    }

    ConsumerSpec routes(List<ConsumerSpec> routes) {
        this.routes = List.copyOf(routes);
        return this;
    }

    /** Every problem of this spec, each a sentence without the spec's name; empty when it is fine. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (blank(stream)) {
            problems.add("stream is missing");
        }
        if (blank(group)) {
            problems.add("group is missing");
        }
        if (concurrency < 1) {
            problems.add("concurrency must be at least 1, was " + concurrency);
        }
        if (batchSize < 1) {
            problems.add("batchSize must be at least 1, was " + batchSize);
        }
        if (maxDeliveries < 0) {
            problems.add("maxDeliveries must be 0 (never dead-letter) or more, was " + maxDeliveries);
        }
        if (processingTimeoutMs < 0) {
            problems.add("processingTimeoutMs must be 0 (the configured default) or more, was " + processingTimeoutMs);
        }
        if (!validStartId(startFrom)) {
            problems.add("startFrom must be \"$\", \"0\" or an entry id like 1700000000000-0, was \"" + startFrom + "\"");
        }
        if (!blank(stream) && stream.equals(deadLetterStream())) {
            problems.add("deadLetterStream must differ from stream");
        }
        if (types.stream().anyMatch(ConsumerSpec::blank)) {
            problems.add("types must not contain an empty value");
        }
        if (!UNROUTED_DEAD_LETTER.equals(unrouted) && !UNROUTED_SKIP.equals(unrouted)) {
            problems.add("unrouted must be \"" + UNROUTED_DEAD_LETTER + "\" or \"" + UNROUTED_SKIP + "\", was \""
                    + unrouted + "\"");
        }
        if (batchWaitMs < 0) {
            problems.add("batchWaitMs must be 0 or more, was " + batchWaitMs);
        }
        if (!routes.isEmpty()) {
            return problems; // each route was checked on its own
        }
        if (payloadType == null) {
            problems.add("no payload type");
        } else {
            Type element = BatchParameter.elementType(payloadType);
            ConsumerParameter.Result parameter = ConsumerParameter.of(element != null ? element : payloadType);
            if (!parameter.ok()) {
                problems.add(parameter.problem());
            }
            if (element != null && manualAck) {
                problems.add("a batch (List) consumer cannot take an Acknowledgement parameter: a batch is"
                        + " acknowledged by returning or throwing BatchFailedException");
            }
        }
        if (invoker == null) {
            problems.add("no invoker");
        }
        return problems;
    }

    private static boolean validStartId(String id) {
        return "$".equals(id) || EntryIds.isId(id);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The stream, group and consumer this spec reads as, given the engine's default consumer name. */
    public String key(String defaultConsumer) {
        return stream + "/" + group + "/" + (consumer.isEmpty() ? defaultConsumer : consumer);
    }

    @Override
    public String toString() {
        return name + "[stream=" + stream + ", group=" + group + (consumer.isEmpty() ? "" : ", consumer=" + consumer)
                + ", concurrency=" + concurrency + (routes.isEmpty() ? "" : ", routes=" + routes.size())
                + (batch() ? ", batch" : "") + "]";
    }
}
