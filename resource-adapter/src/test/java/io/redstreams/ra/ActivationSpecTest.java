package io.redstreams.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.beans.PropertyDescriptor;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.redstreams.impl.consumer.ConsumerSpec;
import jakarta.resource.spi.InvalidPropertyException;

class ActivationSpecTest {

    @Test
    void aSpecWithStreamAndGroupIsValidWithTheAnnotationsDefaults() {
        RedStreamsActivationSpec spec = StartedAdapter.spec("orders", "billing");

        assertThatCode(spec::validate).doesNotThrowAnyException();
        ConsumerSpec consumer = spec.toConsumerSpec("bean", String.class, argument -> null);
        assertThat(consumer.concurrency()).isEqualTo(1);
        assertThat(consumer.batchSize()).isEqualTo(10);
        assertThat(consumer.maxDeliveries()).isEqualTo(5);
        assertThat(consumer.startFrom()).isEqualTo("$");
        assertThat(consumer.deadLetterStream()).isEqualTo("orders:dlq");
        assertThat(consumer.types()).isEmpty();
        assertThat(consumer.consumer()).isEmpty();
    }

    @Test
    void validateReportsEveryBadPropertyAtOnce() {
        RedStreamsActivationSpec spec = new RedStreamsActivationSpec();
        spec.setGroup(" ");
        spec.setConcurrency(0);
        spec.setBatchSize(-1);
        spec.setMaxDeliveries(-2);
        spec.setStartFrom("yesterday");
        spec.setTypes("created,,paid");
        spec.setPayloadType("not a class");

        InvalidPropertyException e = catchThrowableOfType(InvalidPropertyException.class, spec::validate);

        assertThat(e.getMessage()).contains("stream is missing", "group is missing",
                "concurrency must be at least 1, was 0", "batchSize must be at least 1, was -1",
                "maxDeliveries must be 0 (never dead-letter) or more, was -2", "startFrom must be",
                "types must not contain an empty value", "payloadType must be a class name");
        assertThat(Arrays.stream(e.getInvalidPropertyDescriptors()).map(PropertyDescriptor::getName))
                .containsExactlyInAnyOrder("stream", "group", "concurrency", "batchSize", "maxDeliveries",
                        "startFrom", "types", "payloadType");
    }

    @Test
    void theDeadLetterStreamMustDifferFromTheStream() {
        RedStreamsActivationSpec spec = StartedAdapter.spec("orders", "billing");
        spec.setDeadLetterStream("orders");

        InvalidPropertyException e = catchThrowableOfType(InvalidPropertyException.class, spec::validate);

        assertThat(e).hasMessageContaining("for stream 'orders'").hasMessageContaining("deadLetterStream must differ");
        assertThat(e.getInvalidPropertyDescriptors()).extracting(PropertyDescriptor::getName)
                .containsExactly("deadLetterStream");
    }

    @Test
    void typesAreCommaSeparatedAndTrimmed() {
        RedStreamsActivationSpec spec = StartedAdapter.spec("orders", "billing");
        spec.setTypes(" created , paid ");
        spec.setConsumer(" node-1 ");

        ConsumerSpec consumer = spec.toConsumerSpec("bean", String.class, argument -> null);

        assertThat(consumer.types()).containsExactlyInAnyOrder("created", "paid");
        assertThat(consumer.consumer()).isEqualTo("node-1");
    }

    @Test
    void unsetNumbersFallBackToTheDefaults() {
        RedStreamsActivationSpec spec = StartedAdapter.spec("orders", "billing");
        spec.setConcurrency(null);
        spec.setBatchSize(null);
        spec.setMaxDeliveries(null);
        spec.setStartFrom(null);

        assertThatCode(spec::validate).doesNotThrowAnyException();
        ConsumerSpec consumer = spec.toConsumerSpec("bean", String.class, argument -> null);
        assertThat(consumer.concurrency()).isEqualTo(1);
        assertThat(consumer.batchSize()).isEqualTo(10);
        assertThat(consumer.maxDeliveries()).isEqualTo(5);
        assertThat(consumer.startFrom()).isEqualTo("$");
    }

    @Test
    void wellFormedPayloadTypeNamesPassValidation() {
        for (String name : new String[] {"byte[]", "java.util.Map", "com.acme.Order", "Order", "com.acme.Outer$Inner"}) {
            RedStreamsActivationSpec spec = StartedAdapter.spec("orders", "billing");
            spec.setPayloadType(name);
            assertThatCode(spec::validate).as(name).doesNotThrowAnyException();
        }
    }
}
