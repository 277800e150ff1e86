package io.redstreams.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.redstreams.StreamListener;
import io.redstreams.StreamMessage;

class ListenerPayloadTypeTest {

    private static final ClassLoader LOADER = ListenerPayloadTypeTest.class.getClassLoader();

    static class Direct implements StreamListener<Order> {
        @Override
        public void onMessage(StreamMessage<Order> message) {
        }
    }

    abstract static class Base<T> implements StreamListener<T> {
        @Override
        public void onMessage(StreamMessage<T> message) {
        }
    }

    static class ThroughSuperclass extends Base<Order> {
    }

    /** What a container's generated subclass of a bean looks like. */
    static class ContainerSubclass extends ThroughSuperclass {
    }

    abstract static class Batches<T> implements StreamListener<List<T>> {
        @Override
        public void onMessage(StreamMessage<List<T>> message) {
        }
    }

    static class OrderBatches extends Batches<Order> {
    }

    interface OrderListener extends StreamListener<Order> {
    }

    static class ThroughInterface implements OrderListener {
        @Override
        public void onMessage(StreamMessage<Order> message) {
        }
    }

    static class Fields implements StreamListener<Map<String, String>> {
        @Override
        public void onMessage(StreamMessage<Map<String, String>> message) {
        }
    }

    @SuppressWarnings("rawtypes")
    static class Raw implements StreamListener {
        @Override
        public void onMessage(StreamMessage message) {
        }
    }

    @SuppressWarnings("rawtypes")
    static class Open<T> extends Base {
    }

    @Test
    void findsTheTypeArgumentWhereverTheHierarchyDeclaresIt() {
        assertThat(ListenerPayloadType.declaredBy(Direct.class)).contains(Order.class);
        assertThat(ListenerPayloadType.declaredBy(ThroughSuperclass.class)).contains(Order.class);
        assertThat(ListenerPayloadType.declaredBy(ContainerSubclass.class)).contains(Order.class);
        assertThat(ListenerPayloadType.declaredBy(ThroughInterface.class)).contains(Order.class);
        assertThat(ListenerPayloadType.declaredBy(OrderBatches.class))
                .contains(new SimpleParameterizedType(List.class, Order.class));
        assertThat(ListenerPayloadType.declaredBy(Fields.class))
                .contains(new SimpleParameterizedType(Map.class, String.class, String.class));
    }

    @Test
    void aRawOrOpenListenerDeclaresNothing() {
        assertThat(ListenerPayloadType.declaredBy(Raw.class)).isEmpty();
        assertThat(ListenerPayloadType.declaredBy(Open.class)).isEmpty();
        assertThat(ListenerPayloadType.declaredBy(Base.class)).isEmpty();
    }

    @Test
    void theMessageTypeIsStreamMessageOfThePayload() {
        Type type = ListenerPayloadType.messageTypeOf(Direct.class, "", LOADER);

        assertThat(type).isInstanceOf(ParameterizedType.class);
        assertThat(((ParameterizedType) type).getRawType()).isEqualTo(StreamMessage.class);
        assertThat(((ParameterizedType) type).getActualTypeArguments()).containsExactly(Order.class);
    }

    @Test
    void thePropertyNamesTheTypeOfARawListener() {
        assertThat(ListenerPayloadType.messageTypeOf(Raw.class, Order.class.getName(), LOADER))
                .isEqualTo(new SimpleParameterizedType(StreamMessage.class, Order.class));
        assertThat(ListenerPayloadType.messageTypeOf(Raw.class, "java.util.Map", LOADER))
                .isEqualTo(new SimpleParameterizedType(StreamMessage.class,
                        new SimpleParameterizedType(Map.class, String.class, String.class)));
        assertThat(ListenerPayloadType.messageTypeOf(Raw.class, "byte[]", LOADER))
                .isEqualTo(new SimpleParameterizedType(StreamMessage.class, byte[].class));
        assertThat(ListenerPayloadType.messageTypeOf(null, "java.lang.String", LOADER))
                .isEqualTo(new SimpleParameterizedType(StreamMessage.class, String.class));
    }

    @Test
    void aPropertyThatAgreesWithTheDeclarationIsFineOneThatContradictsItIsNot() {
        assertThat(ListenerPayloadType.messageTypeOf(Fields.class, "java.util.Map", LOADER))
                .isEqualTo(new SimpleParameterizedType(StreamMessage.class,
                        new SimpleParameterizedType(Map.class, String.class, String.class)));
        assertThatThrownBy(() -> ListenerPayloadType.messageTypeOf(Direct.class, "java.lang.String", LOADER))
                .hasMessageContaining("payloadType is java.lang.String")
                .hasMessageContaining("StreamListener<" + Order.class.getName() + ">");
    }

    @Test
    void saysWhatIsMissing() {
        assertThatThrownBy(() -> ListenerPayloadType.messageTypeOf(Raw.class, null, LOADER))
                .hasMessageContaining(Raw.class.getName() + " implements StreamListener without a type argument");
        assertThatThrownBy(() -> ListenerPayloadType.messageTypeOf(null, " ", LOADER))
                .hasMessageContaining("the container did not name the endpoint class");
        assertThatThrownBy(() -> ListenerPayloadType.messageTypeOf(Raw.class, "com.acme.Missing", LOADER))
                .hasMessageContaining("payloadType com.acme.Missing cannot be loaded");
    }

    @Test
    void builtTypesEqualTheJdksOwn() throws Exception {
        Type jdk = Fields.class.getMethod("onMessage", StreamMessage.class).getGenericParameterTypes()[0];
        SimpleParameterizedType built = new SimpleParameterizedType(StreamMessage.class,
                new SimpleParameterizedType(Map.class, String.class, String.class));

        assertThat(built).isEqualTo(jdk);
        assertThat(jdk).isEqualTo(built);
        assertThat(built.hashCode()).isEqualTo(jdk.hashCode());
        assertThat(built.getTypeName()).isEqualTo(jdk.getTypeName());
    }
}
