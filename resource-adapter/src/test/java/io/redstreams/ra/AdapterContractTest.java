package io.redstreams.ra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.redstreams.StreamConnection;
import io.redstreams.StreamConnectionFactory;
import io.redstreams.StreamListener;
import jakarta.resource.Referenceable;
import jakarta.resource.spi.Activation;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;

/**
 * What servers check when they deploy the adapter (WildFly runs IronJacamar's archive validator
 * and fails the deployment on errors), checked here without a server.
 */
class AdapterContractTest {

    /** The config property types the Connectors specification allows. */
    private static final Set<Class<?>> PROPERTY_TYPES = Set.of(String.class, Boolean.class, Integer.class, Long.class,
            Double.class, Byte.class, Short.class, Float.class, Character.class);

    @Test
    void theAnnotationsDescribeTheAdapterSoNoRaXmlIsNeeded() {
        Connector connector = RedStreamsResourceAdapter.class.getAnnotation(Connector.class);
        assertThat(connector).isNotNull();
        assertThat(connector.transactionSupport()).isEqualTo(TransactionSupportLevel.NoTransaction);
        assertThat(connector.reauthenticationSupport()).isFalse();

        ConnectionDefinition definition = RedStreamsManagedConnectionFactory.class
                .getAnnotation(ConnectionDefinition.class);
        assertThat(definition.connectionFactory()).isEqualTo(StreamConnectionFactory.class);
        assertThat(definition.connectionFactoryImpl()).isEqualTo(RedStreamsConnectionFactory.class);
        assertThat(definition.connection()).isEqualTo(StreamConnection.class);
        assertThat(definition.connectionImpl()).isEqualTo(RedStreamsConnectionHandle.class);

        assertThat(RedStreamsActivationSpec.class.getAnnotation(Activation.class).messageListeners())
                .containsExactly(StreamListener.class);
        assertThat(getClass().getResource("/META-INF/ra.xml")).isNull();
    }

    @Test
    void adapterAndManagedConnectionFactoryDeclareEqualsAndHashCode() throws Exception {
        for (Class<?> type : List.of(RedStreamsResourceAdapter.class, RedStreamsManagedConnectionFactory.class)) {
            assertThat(type.getMethod("equals", Object.class).getDeclaringClass()).as(type + " equals").isEqualTo(type);
            assertThat(type.getMethod("hashCode").getDeclaringClass()).as(type + " hashCode").isEqualTo(type);
        }
    }

    @Test
    void beansHavePublicNoArgumentConstructors() throws Exception {
        for (Class<?> type : List.of(RedStreamsResourceAdapter.class, RedStreamsManagedConnectionFactory.class,
                RedStreamsActivationSpec.class, RedStreamsConnectionFactory.class)) {
            assertThat(Modifier.isPublic(type.getModifiers())).as(type.getName()).isTrue();
            assertThat(Modifier.isPublic(type.getConstructor().getModifiers())).as(type.getName()).isTrue();
        }
    }

    @Test
    void theConnectionFactoryIsSerializableAndReferenceable() {
        assertThat(Serializable.class).isAssignableFrom(RedStreamsConnectionFactory.class);
        assertThat(Referenceable.class).isAssignableFrom(RedStreamsConnectionFactory.class);
    }

    @Test
    void configPropertiesHaveAllowedTypesGettersAndDescriptions() throws Exception {
        for (Class<?> type : List.of(RedStreamsResourceAdapter.class, RedStreamsActivationSpec.class)) {
            List<String> names = new ArrayList<>();
            for (Method setter : type.getMethods()) {
                ConfigProperty property = setter.getAnnotation(ConfigProperty.class);
                if (property == null) {
                    continue;
                }
                String name = setter.getName().substring(3);
                names.add(name);
                Class<?> propertyType = setter.getParameterTypes()[0];
                assertThat(PROPERTY_TYPES).as(type.getSimpleName() + "." + name).contains(propertyType);
                assertThat(type.getMethod("get" + name).getReturnType()).as(name + " getter").isEqualTo(propertyType);
                assertThat(property.description()).as(name + " description").isNotEmpty();
            }
            assertThat(names).as(type.getSimpleName()).isNotEmpty();
        }
    }

    @Test
    void passwordsAreConfidentialProperties() throws Exception {
        for (String name : List.of("setRedisPassword", "setTlsTrustStorePassword", "setTlsKeyStorePassword")) {
            assertThat(RedStreamsResourceAdapter.class.getMethod(name, String.class)
                    .getAnnotation(ConfigProperty.class).confidential()).as(name).isTrue();
        }
    }

    @Test
    void toStringNeverShowsSecrets() {
        RedStreamsResourceAdapter adapter = new RedStreamsResourceAdapter();
        adapter.setRedisUrl("redis://alice:url-secret@redis.example:6380/2");
        adapter.setRedisPassword("property-secret");
        adapter.setTlsTrustStorePassword("trust-secret");
        adapter.setTlsKeyStorePassword("key-secret");
        adapter.setRedisUser("alice");

        String shown = adapter.toString() + new RedStreamsManagedConnectionFactory();

        assertThat(shown).doesNotContain("url-secret", "property-secret", "trust-secret", "key-secret")
                .contains("redis.example:6380", "alice");
    }

    @Test
    void adaptersConfiguredAlikeAreEqual() {
        RedStreamsResourceAdapter a = new RedStreamsResourceAdapter();
        RedStreamsResourceAdapter b = new RedStreamsResourceAdapter();
        a.setRedisUrl("redis://one:6379");
        b.setRedisUrl("redis://one:6379");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        b.setRedisTimeoutMs(500);
        assertThat(a).isNotEqualTo(b);
    }
}
