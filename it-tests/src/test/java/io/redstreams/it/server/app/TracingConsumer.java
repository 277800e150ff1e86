package io.redstreams.it.server.app;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.api.trace.Span;
import io.redstreams.StreamConsumer;
import io.redstreams.it.app.Order;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A CDI consumer that records the span current while it runs: its trace id, and what the SDK knows of it (name,
 * kind, parent span id).
 */
@ApplicationScoped
public class TracingConsumer {

    public static final String STREAM = "it-traced";
    public static final String GROUP = "it-tracing";

    @Inject
    TraceLog log;

    void onOrder(@StreamConsumer(stream = STREAM, group = GROUP) Order order) {
        Span span = Span.current();
        log.consumed(order.id(), span.getSpanContext().getTraceId(), describe(span));
    }

    /**
     * {@code name=<name>;kind=<kind>;parent=<span id>} from the SDK's {@code ReadableSpan} (the application sees the
     * API only, so by reflection through the span's public interfaces), else {@code span=<toString>}.
     */
    static String describe(Span span) {
        List<String> parts = new ArrayList<>();
        Object name = call(span, "getName");
        Object kind = call(span, "getKind");
        Object parent = call(span, "getParentSpanContext");
        if (name == null || kind == null) {
            return "span=" + String.valueOf(span).replace(' ', '_');
        }
        parts.add("name=" + name.toString().replace(' ', '_'));
        parts.add("kind=" + kind);
        if (parent instanceof io.opentelemetry.api.trace.SpanContext context) {
            parts.add("parent=" + context.getSpanId());
        }
        return String.join(";", parts);
    }

    private static Object call(Object target, String method) {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            for (Class<?> api : type.getInterfaces()) {
                try {
                    Method m = api.getMethod(method);
                    return m.invoke(target);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // not on this interface (or not accessible): try the next
                }
            }
        }
        return null;
    }
}
