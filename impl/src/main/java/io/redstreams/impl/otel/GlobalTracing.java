package io.redstreams.impl.otel;

import io.opentelemetry.api.GlobalOpenTelemetry;

/** {@code GlobalOpenTelemetry}, only if the application set it. Only loaded when the API is on the class path. */
public final class GlobalTracing {

    private GlobalTracing() {
    }

    /**
     * The global {@code OpenTelemetry} if it was set, else {@code null}; never triggers the SDK's autoconfiguration
     * (as {@code GlobalOpenTelemetry.get()} would). An older API without {@code isSet()} counts as not set.
     */
    public static Object setOrNull() {
        try {
            return GlobalOpenTelemetry.isSet() ? GlobalOpenTelemetry.get() : null;
        } catch (LinkageError olderApi) {
            return null;
        }
    }
}
