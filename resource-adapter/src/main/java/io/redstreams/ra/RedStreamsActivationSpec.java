package io.redstreams.ra;

import java.beans.IntrospectionException;
import java.beans.PropertyDescriptor;
import java.io.Serializable;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.redstreams.StreamListener;
import io.redstreams.impl.consumer.ConsumerSpec;
import io.redstreams.impl.consumer.MessageInvoker;
import jakarta.resource.spi.Activation;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;

/**
 * The activation properties of a message-driven bean that implements {@link StreamListener}.
 * They mirror {@code @StreamConsumer}: {@code stream} and {@code group} are required, the others
 * have the annotation's defaults. {@link #validate()} reports every bad property at once.
 */
@Activation(messageListeners = StreamListener.class)
public class RedStreamsActivationSpec implements ActivationSpec, Serializable {

    private static final long serialVersionUID = 1L;

    /** The activation properties; the engine's problem messages start with one of these names. */
    private static final List<String> PROPERTIES = List.of("stream", "group", "consumer", "concurrency", "batchSize",
            "maxDeliveries", "deadLetterStream", "startFrom", "types", "payloadType", "unavailableInitialBackoffMs",
            "unavailableMaxBackoffMs", "processingTimeoutMs");

    static final long DEFAULT_UNAVAILABLE_INITIAL_BACKOFF_MS = 100;
    static final long DEFAULT_UNAVAILABLE_MAX_BACKOFF_MS = 5000;

    /** The key of problems that name no property. */
    private static final String NO_PROPERTY = "";

    private String stream;
    private String group;
    private String consumer = "";
    private Integer concurrency = 1;
    private Integer batchSize = 10;
    private Integer maxDeliveries = 5;
    private String deadLetterStream = "";
    private String startFrom = "$";
    private String types = "";
    private String payloadType = "";
    private Long unavailableInitialBackoffMs = DEFAULT_UNAVAILABLE_INITIAL_BACKOFF_MS;
    private Long unavailableMaxBackoffMs = DEFAULT_UNAVAILABLE_MAX_BACKOFF_MS;
    private Long processingTimeoutMs = 0L;
    private transient ResourceAdapter resourceAdapter;

    @ConfigProperty(description = "The stream key to read. Required.")
    public void setStream(String stream) {
        this.stream = stream;
    }

    public String getStream() {
        return stream;
    }

    @ConfigProperty(description = "The consumer group; created (with the stream, if missing) on activation. Required.")
    public void setGroup(String group) {
        this.group = group;
    }

    public String getGroup() {
        return group;
    }

    @ConfigProperty(description = "The consumer name inside the group; empty: the adapter's consumerName, "
            + "else <host>-<pid>.")
    public void setConsumer(String consumer) {
        this.consumer = consumer;
    }

    public String getConsumer() {
        return consumer;
    }

    @ConfigProperty(defaultValue = "1", description = "How many entries are delivered at the same time (at least 1); "
            + "each takes a WorkManager thread.")
    public void setConcurrency(Integer concurrency) {
        this.concurrency = concurrency;
    }

    public Integer getConcurrency() {
        return concurrency;
    }

    @ConfigProperty(defaultValue = "10", description = "Most entries one read (XREADGROUP COUNT) fetches; at least 1.")
    public void setBatchSize(Integer batchSize) {
        this.batchSize = batchSize;
    }

    public Integer getBatchSize() {
        return batchSize;
    }

    @ConfigProperty(defaultValue = "5", description = "Failed deliveries before the entry goes to the dead-letter "
            + "stream; 0: retry for ever.")
    public void setMaxDeliveries(Integer maxDeliveries) {
        this.maxDeliveries = maxDeliveries;
    }

    public Integer getMaxDeliveries() {
        return maxDeliveries;
    }

    @ConfigProperty(description = "The dead-letter stream; empty: <stream>:dlq.")
    public void setDeadLetterStream(String deadLetterStream) {
        this.deadLetterStream = deadLetterStream;
    }

    public String getDeadLetterStream() {
        return deadLetterStream;
    }

    @ConfigProperty(defaultValue = "$", description = "Where a new group starts: $ (new entries), 0 (the whole "
            + "stream) or an entry id. Ignored when the group exists.")
    public void setStartFrom(String startFrom) {
        this.startFrom = startFrom;
    }

    public String getStartFrom() {
        return startFrom;
    }

    @ConfigProperty(description = "Comma-separated values of the entry's type field to deliver; empty: all. "
            + "Entries of other types are acknowledged and skipped.")
    public void setTypes(String types) {
        this.types = types;
    }

    public String getTypes() {
        return types;
    }

    @ConfigProperty(description = "The payload type when the bean implements the raw StreamListener: a class name, "
            + "byte[] or java.util.Map (all fields). Normally taken from StreamListener<T>.")
    public void setPayloadType(String payloadType) {
        this.payloadType = payloadType;
    }

    public String getPayloadType() {
        return payloadType;
    }

    @ConfigProperty(defaultValue = "0", description = "How long (ms) one delivery may take (beforeDelivery, "
            + "onMessage, afterDelivery) before it counts as failed: the delivering thread is interrupted and the "
            + "entry is retried, then dead-lettered. 0: the adapter's consumerProcessingTimeoutMs (default 300000).")
    public void setProcessingTimeoutMs(Long processingTimeoutMs) {
        this.processingTimeoutMs = processingTimeoutMs;
    }

    public Long getProcessingTimeoutMs() {
        return processingTimeoutMs;
    }

    @ConfigProperty(defaultValue = "100", description = "When the container refuses a delivery before the bean "
            + "runs (no endpoint: bean pool exhausted, application starting; beforeDelivery failed), how long (ms) "
            + "to wait before offering it again; doubles while the refusals go on. Refused deliveries do not count "
            + "towards maxDeliveries.")
    public void setUnavailableInitialBackoffMs(Long unavailableInitialBackoffMs) {
        this.unavailableInitialBackoffMs = unavailableInitialBackoffMs;
    }

    public Long getUnavailableInitialBackoffMs() {
        return unavailableInitialBackoffMs;
    }

    @ConfigProperty(defaultValue = "5000", description = "Longest wait (ms) between offers while the container "
            + "refuses deliveries.")
    public void setUnavailableMaxBackoffMs(Long unavailableMaxBackoffMs) {
        this.unavailableMaxBackoffMs = unavailableMaxBackoffMs;
    }

    public Long getUnavailableMaxBackoffMs() {
        return unavailableMaxBackoffMs;
    }

    /** The activation's initial backoff while the container refuses deliveries, in ms. */
    long unavailableInitialBackoff() {
        return unavailableInitialBackoffMs == null ? DEFAULT_UNAVAILABLE_INITIAL_BACKOFF_MS
                : unavailableInitialBackoffMs;
    }

    /** The activation's longest backoff while the container refuses deliveries, in ms. */
    long unavailableMaxBackoff() {
        return unavailableMaxBackoffMs == null ? DEFAULT_UNAVAILABLE_MAX_BACKOFF_MS : unavailableMaxBackoffMs;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter resourceAdapter) {
        this.resourceAdapter = resourceAdapter;
    }

    /**
     * Checks every property and reports all bad ones in one exception, whose message lists each
     * problem and whose {@link InvalidPropertyException#getInvalidPropertyDescriptors()} names
     * the properties.
     */
    @Override
    public void validate() throws InvalidPropertyException {
        Map<String, List<String>> problems = problems();
        if (problems.isEmpty()) {
            return;
        }
        List<String> all = new ArrayList<>();
        problems.values().forEach(all::addAll);
        InvalidPropertyException e = new InvalidPropertyException("Invalid redstreams activation properties"
                + (stream == null || stream.isBlank() ? "" : " for stream '" + stream + "'") + ": "
                + String.join("; ", all));
        e.setInvalidPropertyDescriptors(descriptors(problems.keySet()));
        throw e;
    }

    /**
     * Every problem, by property ({@code ""} for one that names none). The rules are the engine's ({@link ConsumerSpec#problems()}),
     * the same that check a {@code @StreamConsumer} annotation; the payload type and invoker,
     * which only exist at activation, are stood in for here.
     */
    Map<String, List<String>> problems() {
        ConsumerSpec spec = toConsumerSpec("validation", String.class, argument -> null);
        Map<String, List<String>> byProperty = new LinkedHashMap<>();
        for (String problem : spec.problems()) {
            String property = problem.split(" ", 2)[0];
            byProperty.computeIfAbsent(PROPERTIES.contains(property) ? property : NO_PROPERTY, k -> new ArrayList<>())
                    .add(problem);
        }
        if (unavailableInitialBackoff() < 1) {
            byProperty.computeIfAbsent("unavailableInitialBackoffMs", k -> new ArrayList<>())
                    .add("unavailableInitialBackoffMs must be at least 1, was " + unavailableInitialBackoff());
        }
        if (unavailableMaxBackoff() < Math.max(1, unavailableInitialBackoff())) {
            byProperty.computeIfAbsent("unavailableMaxBackoffMs", k -> new ArrayList<>())
                    .add("unavailableMaxBackoffMs must be at least unavailableInitialBackoffMs ("
                            + unavailableInitialBackoff() + "), was " + unavailableMaxBackoff());
        }
        if (payloadType != null && !payloadType.isBlank() && !ListenerPayloadType.wellFormed(payloadType.trim())) {
            byProperty.computeIfAbsent("payloadType", k -> new ArrayList<>())
                    .add("payloadType must be a class name, byte[] or java.util.Map, was \"" + payloadType + "\"");
        }
        return byProperty;
    }

    /**
     * What the engine runs for this activation.
     *
     * @param name        who this is in logs and thread names, e.g. the bean class
     * @param messageType {@code StreamMessage<T>} (or, for validation, any supported type)
     */
    ConsumerSpec toConsumerSpec(String name, Type messageType, MessageInvoker invoker) {
        return new ConsumerSpec()
                .name(name)
                .stream(stream)
                .group(group)
                .consumer(consumer == null ? "" : consumer.trim())
                .concurrency(orDefault(concurrency, 1))
                .batchSize(orDefault(batchSize, 10))
                .maxDeliveries(orDefault(maxDeliveries, 5))
                .processingTimeoutMs(processingTimeoutMs == null ? 0 : processingTimeoutMs)
                .deadLetterStream(deadLetterStream == null ? "" : deadLetterStream.trim())
                .startFrom(startFrom == null || startFrom.isBlank() ? "$" : startFrom.trim())
                .types(typeList())
                .payloadType(messageType)
                .invoker(invoker);
    }

    /** {@code "a, b"} is {@code a} and {@code b}; an empty element is kept, so the engine reports it. */
    private String[] typeList() {
        if (types == null || types.isBlank()) {
            return new String[0];
        }
        return Arrays.stream(types.split(",", -1)).map(String::trim).toArray(String[]::new);
    }

    private static int orDefault(Integer value, int defaultValue) {
        return value == null ? defaultValue : value;
    }

    private static PropertyDescriptor[] descriptors(Iterable<String> names) {
        List<PropertyDescriptor> descriptors = new ArrayList<>();
        for (String name : names) {
            if (name.equals(NO_PROPERTY)) {
                continue;
            }
            try {
                descriptors.add(new PropertyDescriptor(name, RedStreamsActivationSpec.class));
            } catch (IntrospectionException e) {
                throw new IllegalStateException("no bean property " + name, e);
            }
        }
        return descriptors.toArray(new PropertyDescriptor[0]);
    }

    /** A bad property found at activation, when the endpoint class is known (e.g. {@code payloadType}). */
    static InvalidPropertyException invalid(String message, String property) {
        InvalidPropertyException e = new InvalidPropertyException(message);
        e.setInvalidPropertyDescriptors(descriptors(List.of(property)));
        return e;
    }

    @Override
    public String toString() {
        return "RedStreamsActivationSpec[stream=" + stream + ", group=" + group
                + (consumer == null || consumer.isEmpty() ? "" : ", consumer=" + consumer)
                + ", concurrency=" + concurrency + ", batchSize=" + batchSize + ", maxDeliveries=" + maxDeliveries
                + ", processingTimeoutMs=" + processingTimeoutMs
                + (types == null || types.isEmpty() ? "" : ", types=" + types)
                + (payloadType == null || payloadType.isEmpty() ? "" : ", payloadType=" + payloadType) + "]";
    }
}
