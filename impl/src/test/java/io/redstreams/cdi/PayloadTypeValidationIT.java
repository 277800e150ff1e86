package io.redstreams.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Type;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.annotation.JsonbTypeDeserializer;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;

/**
 * A payload type that JSON-B cannot create (an application's interface or abstract class that does not say how to
 * create it) fails the deployment naming the method, instead of dead-lettering every entry at run time.
 */
class PayloadTypeValidationIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    public interface Shape {
        double area();
    }

    public abstract static class Animal {
        public String name;
    }

    @JsonbTypeDeserializer(PointDeserializer.class)
    public interface Point {
        int x();
    }

    public static class PointDeserializer implements JsonbDeserializer<Point> {
        @Override
        public Point deserialize(JsonParser parser, DeserializationContext context, Type rtType) {
            return () -> 0;
        }
    }

    @ApplicationScoped
    public static class Uncreatable {
        void anInterface(@StreamConsumer(stream = "pt1", group = "g") Shape shape) {
        }

        void anAbstractClass(@StreamConsumer(stream = "pt2", group = "g") Animal animal) {
        }

        void inAMessage(@StreamConsumer(stream = "pt3", group = "g") StreamMessage<Shape> message) {
        }
    }

    @ApplicationScoped
    public static class Creatable {
        void deserializer(@StreamConsumer(stream = "pt4", group = "g") Point point) {
        }

        void jdkInterface(@StreamConsumer(stream = "pt5", group = "g") List<Order> orders) {
        }

        void jdkAbstractClass(@StreamConsumer(stream = "pt6", group = "g") Number number) {
        }
    }

    @Test
    void anInterfaceOrAbstractClassWithoutAWayToCreateItFailsTheDeploymentNamingTheMethod() {
        String c = Uncreatable.class.getName() + "#";
        assertThatThrownBy(() -> WeldApp.start(WeldApp.defaults(redis), Uncreatable.class).close())
                .hasMessageContaining(c + "anInterface: JSON-B cannot create the payload type " + Shape.class.getName()
                        + ": it is an interface")
                .hasMessageContaining(c + "anAbstractClass: JSON-B cannot create the payload type "
                        + Animal.class.getName() + ": it is an abstract class")
                .hasMessageContaining(c + "inAMessage: JSON-B cannot create the payload type " + Shape.class.getName())
                .hasMessageContaining("@JsonbTypeDeserializer");
    }

    @Test
    void typesJsonbKnowsHowToCreateAreAccepted() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Creatable.class)) {
            assertThat(app.extension().consumerSpecs()).hasSize(3);
        }
    }
}
