package io.redstreams.impl.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.redstreams.StreamMessage;
import io.redstreams.impl.codec.JsonMapper;
import io.redstreams.impl.engine.ThreadPoolEngineHost;
import io.redstreams.impl.redis.RedisEndpoint;
import io.redstreams.impl.redis.RedisSettings;
import io.redstreams.testsupport.RedisExtension;
import redis.clients.jedis.params.XAddParams;

/**
 * The engine's side of a refused delivery ({@link DeliveryRefusedException} from the invoker): the entry stays
 * pending with its delivery count, is not dead-lettered, is offered again after the refusal's time, and the worker
 * reads nothing new meanwhile.
 */
class RefusedDeliveryIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    /** The payload type {@code StreamMessage<String>}. */
    @SuppressWarnings("unused")
    private static StreamMessage<String> messageType;

    @BeforeEach
    void flush() {
        redis.flushAll();
    }

    @ParameterizedTest(name = "concurrency {0}")
    @ValueSource(ints = {1, 3})
    void refusedDeliveriesAreNotCountedAndComeBackInOrder(int concurrency) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(redis.admin().xadd("orders", XAddParams.xAddParams(), Map.of("payload", "o-" + i)).toString());
        }
        AtomicInteger calls = new AtomicInteger();
        List<StreamMessage<?>> delivered = new CopyOnWriteArrayList<>();
        MessageInvoker invoker = argument -> {
            if (calls.incrementAndGet() <= 6) {
                throw new DeliveryRefusedException("test: not now", System.currentTimeMillis() + 50, null);
            }
            delivered.add((StreamMessage<?>) argument);
            return null;
        };
        ConsumerSpec spec = new ConsumerSpec().name("RefusedDeliveryIT").stream("orders").group("g").startFrom("0")
                .concurrency(concurrency).maxDeliveries(2).payloadType(messageType()).invoker(invoker);
        ConsumerSettings settings = new ConsumerSettings("c", 200, 60_000, 10_000, 20, 200, 200, 5000, 300_000,
                false, 15_000, 0);
        RedisSettings redisSettings = new RedisSettings().endpoint(RedisEndpoint.parse(redis.url()));
        try (JsonMapper json = new JsonMapper();
             Consumers consumers = new Consumers(List.of(spec), settings, redisSettings, new ThreadPoolEngineHost(),
                     json)) {
            consumers.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> redis.admin().xpending("orders", "g").getTotal() == 0
                    && delivered.size() + deadLetters() >= 10);
        }
        System.out.printf("engine, 6 refusals, concurrency %d: produced 10, delivered %d, dead-lettered %d, "
                + "invoker called %d times%n", concurrency, delivered.size(), deadLetters(), calls.get());
        assertThat(deadLetters()).isZero();
        assertThat(delivered).extracting(StreamMessage::deliveryCount).containsOnly(1L);
        if (concurrency == 1) {
            assertThat(delivered).extracting(StreamMessage::id).containsExactlyElementsOf(ids);
        } else {
            assertThat(delivered).extracting(StreamMessage::id).containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    private static long deadLetters() {
        return redis.admin().exists("orders:dlq") ? redis.admin().xlen("orders:dlq") : 0;
    }

    private static Type messageType() throws NoSuchFieldException {
        return RefusedDeliveryIT.class.getDeclaredField("messageType").getGenericType();
    }
}
