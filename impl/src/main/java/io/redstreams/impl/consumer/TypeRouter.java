package io.redstreams.impl.consumer;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import io.redstreams.Acknowledgement;
import io.redstreams.impl.codec.EntryDecoder;
import io.redstreams.impl.codec.EntryFields;
import io.redstreams.impl.codec.JsonMapper;

/**
 * The invoker (and, through {@link #decoder(JsonMapper)}, the decoder) of a type-routed consumer: several methods
 * on one stream and group, one reader. An entry is decoded for the method its {@code type} field names and handed to
 * that method; an entry of a type no method handles is refused with {@link UnroutedEntryException} (it goes to the
 * dead-letter stream) unless the consumer skips such types ({@link ConsumerSpec#UNROUTED_SKIP}: the handler loop
 * acknowledges them before decoding, as for {@link ConsumerSpec#types()}).
 */
final class TypeRouter implements MessageInvoker {

    private final String stream;
    private final String group;
    private final Map<String, ConsumerSpec> byType;

    TypeRouter(String stream, String group, Map<String, ConsumerSpec> byType) {
        this.stream = stream;
        this.group = group;
        this.byType = Map.copyOf(byType);
    }

    /** A decoded argument with the method it is for. */
    record Routed(ConsumerSpec route, Object argument) {
    }

    /** The decoder: each route's payload mapping, chosen by the entry's type. */
    EntryDecoder decoder(JsonMapper json) {
        Map<String, EntryDecoder> decoders = new HashMap<>();
        Map<ConsumerSpec, EntryDecoder> perRoute = new HashMap<>();
        byType.forEach((type, route) -> decoders.put(type,
                perRoute.computeIfAbsent(route, r -> Decoders.of(r, json))));
        return (streamName, entry, deliveryCount) -> {
            String type = entry.text(EntryFields.TYPE);
            ConsumerSpec route = type == null ? null : byType.get(type);
            if (route == null) {
                throw new UnroutedEntryException(unrouted(type));
            }
            return new Routed(route, decoders.get(type).decode(streamName, entry, deliveryCount));
        };
    }

    private String unrouted(String type) {
        return "unrouted type: no consumer method of group " + group + " on " + stream + " handles "
                + (type == null ? "entries without a type field" : "type '" + type + "'")
                + " (routed types: " + new TreeSet<>(byType.keySet()) + ")";
    }

    @Override
    public CompletionStage<?> invoke(Object argument) throws Exception {
        Routed routed = (Routed) argument;
        return routed.route().invoker().invoke(routed.argument());
    }

    /**
     * A consumer with some routes acknowledging by hand gets an acknowledgement for every entry: a route that does
     * not take it has it decided by how its call ends (returned, its stage completed, or failed).
     */
    @Override
    public CompletionStage<?> invoke(Object argument, Acknowledgement acknowledgement) throws Exception {
        Routed routed = (Routed) argument;
        MessageInvoker invoker = routed.route().invoker();
        if (routed.route().manualAck()) {
            return invoker.invoke(routed.argument(), acknowledgement);
        }
        ManualAck ack = (ManualAck) acknowledgement;
        CompletionStage<?> stage = invoker.invoke(routed.argument()); // a throw is the call's failure
        if (stage == null) {
            ack.ack();
        } else {
            stage.whenComplete((value, failure) -> {
                if (failure == null) {
                    ack.ack();
                } else {
                    ack.fail(failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure);
                }
            });
        }
        return null;
    }

    /** No method of a type-routed consumer handles the entry's type; the message is the dead-letter reason. */
    static final class UnroutedEntryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnroutedEntryException(String message) {
            super(message, null, false, false);
        }
    }
}
