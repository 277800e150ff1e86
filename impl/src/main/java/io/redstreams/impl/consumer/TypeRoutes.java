package io.redstreams.impl.consumer;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.redstreams.StreamType;
import io.redstreams.impl.codec.ConsumerParameter;

/**
 * Type routing (a command bus): several methods on one stream, group and consumer become one consumer with one
 * reader when each handles its own types: the {@code types} it declares, else the {@link StreamType} of its payload
 * class. Entries are then handed by their {@code type} field to the one method that handles it ({@link TypeRouter}).
 *
 * <p>Rules, checked at deployment with every problem reported at once, each naming the methods:
 * <ul>
 *   <li>Two methods handling the same type: refused, naming both. A method that handles every type (no
 *       {@code types}, no {@code @StreamType}) cannot share its stream and group: the existing "already declared"
 *       error.</li>
 *   <li>The methods share one reader, so what configures the reader must agree: {@code concurrency},
 *       {@code batchSize}, {@code maxDeliveries}, {@code deadLetterStream}, {@code startFrom},
 *       {@code processingTimeoutMs}, {@code batchWaitMs} and {@code unrouted}. A disagreement is refused, naming both
 *       methods and the setting; nothing is silently taken from one of them.</li>
 *   <li>A batch method ({@code List} parameter) is not routed: it cannot share its stream and group.</li>
 * </ul>
 */
public final class TypeRoutes {

    private static final Map<String, Function<ConsumerSpec, Object>> SHARED_SETTINGS = shared();

    private TypeRoutes() {
    }

    private static Map<String, Function<ConsumerSpec, Object>> shared() {
        Map<String, Function<ConsumerSpec, Object>> m = new LinkedHashMap<>();
        m.put("concurrency", ConsumerSpec::concurrency);
        m.put("batchSize", ConsumerSpec::batchSize);
        m.put("maxDeliveries", ConsumerSpec::maxDeliveries);
        m.put("deadLetterStream", ConsumerSpec::deadLetterStream);
        m.put("startFrom", ConsumerSpec::startFrom);
        m.put("processingTimeoutMs", ConsumerSpec::processingTimeoutMs);
        m.put("batchWaitMs", ConsumerSpec::batchWaitMs);
        m.put("unrouted", ConsumerSpec::unrouted);
        return m;
    }

    /**
     * Joins the specs that share a stream, group and consumer into type-routed consumers where the rules allow.
     * Specs that cannot be joined are returned unchanged (so {@link Consumers#problems} still reports them as
     * declared twice), with the reason added to {@code problems}.
     *
     * @param defaultConsumer the engine's default consumer name, for specs without one
     * @param problems        where problems are added, each starting with a method's name
     * @return the specs to start, in the order of their first method
     */
    public static List<ConsumerSpec> combine(List<ConsumerSpec> specs, String defaultConsumer, List<String> problems) {
        Map<String, List<ConsumerSpec>> byKey = new LinkedHashMap<>();
        List<Object> order = new ArrayList<>();
        for (ConsumerSpec spec : specs) {
            if (spec.stream() == null || spec.group() == null) {
                order.add(spec);
                continue;
            }
            String key = spec.key(defaultConsumer);
            if (!byKey.containsKey(key)) {
                order.add(key);
            }
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(spec);
        }
        List<ConsumerSpec> result = new ArrayList<>();
        for (Object item : order) {
            if (item instanceof ConsumerSpec spec) {
                result.add(spec);
                continue;
            }
            List<ConsumerSpec> group = byKey.get(item);
            if (group.size() == 1 || group.stream().anyMatch(s -> routeTypes(s).isEmpty())) {
                result.addAll(group); // one method, or one that takes every type: declared twice, reported later
                continue;
            }
            List<String> mine = check(group);
            if (mine.isEmpty()) {
                result.add(routed(group));
            } else {
                problems.addAll(mine);
                result.addAll(group);
            }
        }
        return result;
    }

    /**
     * The types a method handles when routed: its {@code types}, else the {@code @StreamType} of its payload class;
     * empty when neither (it takes every entry).
     */
    public static Set<String> routeTypes(ConsumerSpec spec) {
        if (!spec.types().isEmpty()) {
            return spec.types();
        }
        Type payload = spec.payloadType();
        if (payload == null) {
            return Set.of();
        }
        Type element = BatchParameter.elementType(payload);
        ConsumerParameter.Result parameter = ConsumerParameter.of(element != null ? element : payload);
        if (!parameter.ok()) {
            return Set.of();
        }
        Type type = parameter.parameter().payloadType();
        Class<?> raw = type instanceof Class<?> c ? c
                : type instanceof java.lang.reflect.ParameterizedType p && p.getRawType() instanceof Class<?> c ? c
                : null;
        StreamType streamType = raw == null ? null : raw.getAnnotation(StreamType.class);
        return streamType == null || streamType.value().isBlank() ? Set.of() : Set.of(streamType.value());
    }

    private static List<String> check(List<ConsumerSpec> group) {
        List<String> problems = new ArrayList<>();
        ConsumerSpec first = group.get(0);
        String where = "stream '" + first.stream() + "', group '" + first.group() + "'";
        Map<String, ConsumerSpec> owners = new LinkedHashMap<>();
        for (ConsumerSpec spec : group) {
            if (spec.batch()) {
                problems.add(spec.name() + ": a batch consumer (List parameter) cannot share " + where + " with "
                        + others(group, spec) + "; routing by type is for methods of one entry each");
            }
            for (String type : routeTypes(spec)) {
                ConsumerSpec owner = owners.putIfAbsent(type, spec);
                if (owner != null) {
                    problems.add(spec.name() + ": handles type '" + type + "' on " + where + ", and so does "
                            + owner.name() + "; each type may be routed to one method only");
                }
            }
            if (spec == first) {
                continue;
            }
            for (Map.Entry<String, Function<ConsumerSpec, Object>> setting : SHARED_SETTINGS.entrySet()) {
                Object mineValue = setting.getValue().apply(spec);
                Object firstValue = setting.getValue().apply(first);
                if (!Objects.equals(mineValue, firstValue)) {
                    problems.add(spec.name() + ": shares " + where + " with " + first.name()
                            + " (entries routed by type, one reader) but its " + setting.getKey() + " is " + mineValue
                            + ", not " + firstValue + "; methods routed from one stream and group must agree on "
                            + String.join(", ", SHARED_SETTINGS.keySet()));
                }
            }
        }
        return problems;
    }

    private static String others(List<ConsumerSpec> group, ConsumerSpec spec) {
        return group.stream().filter(s -> s != spec).map(ConsumerSpec::name).collect(Collectors.joining(", "));
    }

    private static ConsumerSpec routed(List<ConsumerSpec> group) {
        ConsumerSpec first = group.get(0);
        Map<String, ConsumerSpec> byType = new LinkedHashMap<>();
        for (ConsumerSpec spec : group) {
            for (String type : routeTypes(spec)) {
                byType.put(type, spec);
            }
        }
        Set<String> all = new LinkedHashSet<>(byType.keySet());
        boolean skip = ConsumerSpec.UNROUTED_SKIP.equals(first.unrouted());
        return new ConsumerSpec()
                .name(group.stream().map(ConsumerSpec::name).collect(Collectors.joining(" + ")))
                .stream(first.stream())
                .group(first.group())
                .consumer(first.consumer())
                .concurrency(first.concurrency())
                .batchSize(first.batchSize())
                .maxDeliveries(first.maxDeliveries())
                .deadLetterStream(first.deadLetterStream())
                .deadLetterMaxLen(first.deadLetterMaxLen())
                .startFrom(first.startFrom())
                .processingTimeoutMs(first.processingTimeoutMs())
                .batchWaitMs(first.batchWaitMs())
                .unrouted(first.unrouted())
                .types(skip ? all.toArray(new String[0]) : new String[0]) // skip: the handler acknowledges the rest
                .manualAck(group.stream().anyMatch(ConsumerSpec::manualAck))
                .routes(group)
                .invoker(new TypeRouter(first.stream(), first.group(), byType));
    }
}
