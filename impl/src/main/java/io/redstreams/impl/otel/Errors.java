package io.redstreams.impl.otel;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.redstreams.impl.consumer.Failures;

/** Records a failure on a span without trusting the throwable (its message may throw). */
final class Errors {

    private Errors() {
    }

    static void record(Span span, Throwable failure) {
        if (failure == null) {
            span.setStatus(StatusCode.ERROR);
            return;
        }
        span.setAttribute(OtelMessageTracing.ERROR_TYPE, failure.getClass().getName());
        span.setStatus(StatusCode.ERROR, Failures.describe(failure));
        try {
            span.recordException(failure);
        } catch (RuntimeException unprintable) {
            // the exception's toString() or stack trace threw: the status above says what it was
        }
    }
}
