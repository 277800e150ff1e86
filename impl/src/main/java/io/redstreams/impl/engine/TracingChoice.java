package io.redstreams.impl.engine;

import java.util.Optional;
import java.util.logging.Logger;

import io.redstreams.impl.config.ConfigKeys;
import io.redstreams.impl.config.RedStreamsConfig;
import io.redstreams.impl.otel.GlobalTracing;
import io.redstreams.impl.otel.OtelMessageTracing;

/**
 * Chooses the engine's tracing: off when {@code redstreams.tracing.enabled=false}; else a tracing given to the
 * builder; else OpenTelemetry, only when its API is on this class's class path (a class check: no class that
 * refers to OpenTelemetry is loaded otherwise), with the given {@code OpenTelemetry} or, when none is given,
 * {@code GlobalOpenTelemetry} if the application has set it (asking never triggers its autoconfiguration).
 */
final class TracingChoice {

    private static final Logger LOG = Logger.getLogger(TracingChoice.class.getName());

    static final String API_CLASS = "io.opentelemetry.api.OpenTelemetry";
    private static final String CONTEXT_CLASS = "io.opentelemetry.context.Context";

    private TracingChoice() {
    }

    static TracingWall choose(RedStreamsConfig config, MessageTracing given, Object openTelemetry) {
        if (!config.get(ConfigKeys.TRACING_ENABLED)) {
            return TracingWall.NONE;
        }
        if (given != null) {
            return TracingWall.of(given);
        }
        if (apiType().isEmpty()) {
            return TracingWall.NONE;
        }
        boolean linkOnly = config.get(ConfigKeys.TRACING_LINK_ONLY);
        Object chosen = openTelemetry != null ? openTelemetry : GlobalTracing.setOrNull();
        if (chosen == null) {
            return TracingWall.NONE;
        }
        MessageTracing tracing = OtelMessageTracing.create(chosen, linkOnly);
        LOG.fine(() -> "redstreams: " + tracing + " with " + chosen);
        return TracingWall.of(tracing);
    }

    /** {@code io.opentelemetry.api.OpenTelemetry} as the engine's classes see it, when the API is there. */
    static Optional<Class<?>> apiType() {
        ClassLoader loader = TracingChoice.class.getClassLoader();
        try {
            Class<?> api = Class.forName(API_CLASS, false, loader);
            Class.forName(CONTEXT_CLASS, false, loader);
            return Optional.of(api);
        } catch (ClassNotFoundException | LinkageError absent) {
            return Optional.empty();
        }
    }
}
