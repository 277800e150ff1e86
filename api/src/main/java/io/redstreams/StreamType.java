package io.redstreams;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the {@code type} field that {@link StreamProducer} writes for payloads of the annotated
 * class; consumers can select entries by it with {@link StreamConsumer#types()}.
 *
 * <pre>{@code
 * @StreamType("order-created")
 * public record OrderCreated(long id, double amount) { }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StreamType {

    /** {@return the value of the entry's {@code type} field} */
    String value();
}
