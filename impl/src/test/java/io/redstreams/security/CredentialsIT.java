package io.redstreams.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamProducer;
import io.redstreams.StreamSendException;
import io.redstreams.cdi.WeldApp;
import io.redstreams.impl.config.ConfigLookup;
import io.redstreams.impl.config.RedStreamsConfig;
import io.redstreams.impl.redis.RedisConnectionPool;
import io.redstreams.impl.redis.RedisEndpoint;
import io.redstreams.testsupport.RedisExtension;
import io.redstreams.testsupport.RedisServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.DeploymentException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Credentials: a wrong password fails fast with a clear message, and no password (right or wrong, in the URL or
 * in its own key, nor a trust or key store password) ever shows in an exception, a log record (captured at
 * {@code ALL} for redstreams, Jedis and Commons Pool) or a {@code toString()}.
 */
class CredentialsIT {

    static final String PASSWORD = "Rt-S3cret-9f3a71";
    static final String WRONG = "Wr0ng-Pw-c0ffee";
    static final String STORE_PASSWORD = "St0re-Pw-5e5e5e";
    static final List<String> SECRETS = List.of(PASSWORD, WRONG, STORE_PASSWORD);

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated(new RedisServer.Options()
            .requirePass("Admin-pw-31c8").aclLine("app on >" + PASSWORD + " ~* +@all"));

    private LogCapture log;
    private final List<String> seenTexts = new ArrayList<>();

    @BeforeEach
    void capture() {
        log = LogCapture.install();
    }

    @AfterEach
    void release() {
        log.close();
    }

    @ApplicationScoped
    public static class Sink {
        final List<String> seen = new CopyOnWriteArrayList<>();

        void on(@StreamConsumer(stream = "secure", group = "g") String s) {
            seen.add(s);
        }

        List<String> seen() {
            return seen;
        }
    }

    private Map<String, String> config(String password) {
        Map<String, String> config = WeldApp.defaults(redis.url());
        config.put("redstreams.redis.user", "app");
        config.put("redstreams.redis.password", password);
        return config;
    }

    @Test
    @Timeout(60)
    void theRightPasswordWorksAndIsNeverShown() {
        try (WeldApp app = WeldApp.start(config(PASSWORD), Sink.class)) {
            app.producer().send("secure", "hello");
            await().atMost(Duration.ofSeconds(10)).until(() -> app.bean(Sink.class).seen().contains("hello"));
            seenTexts.add(app.producer().toString());
            seenTexts.add(String.valueOf(app.consumers().specs()));
        }
        assertNoSecretAnywhere();
    }

    @Test
    @Timeout(60)
    void aWrongPasswordFailsFastWithAClearMessageWithoutThePassword() {
        for (Map<String, String> config : List.of(config(WRONG), urlWithPassword(WRONG))) {
            try (WeldApp app = WeldApp.start(config, Sink.class)) {
                StreamProducer producer = app.producer();
                long start = System.nanoTime();
                StreamSendException e = sendFails(producer);
                long ms = (System.nanoTime() - start) / 1_000_000;
                System.out.println("wrong password: send failed in " + ms + " ms: " + e.getMessage());
                assertThat(ms).as("fails fast").isLessThan(3000);
                assertThat(e.getMessage())
                        .contains("refused the credentials of user 'app'")
                        .contains("WRONGPASS");
                seenTexts.add(LogCapture.stackTrace(e));
                seenTexts.add(e.toString());
                // the consumers keep trying in the background, logging the outage once
                await().atMost(Duration.ofSeconds(5)).until(() -> log.all().contains("refused the credentials"));
            }
        }
        assertNoSecretAnywhere();
    }

    @Test
    @Timeout(60)
    void aWrongPasswordFailsTheDeploymentWhenRedisIsRequired() {
        Map<String, String> config = config(WRONG);
        config.put("redstreams.startup.require-redis", "true");
        DeploymentException failure = null;
        try {
            WeldApp.start(config, Sink.class).close();
        } catch (DeploymentException e) {
            failure = e;
        }
        assertThat(failure).isNotNull();
        System.out.println("wrong password, require-redis: " + failure.getMessage());
        assertThat(failure.getMessage()).contains("redstreams.startup.require-redis=true")
                .contains("refused the credentials of user 'app'").contains("WRONGPASS");
        seenTexts.add(LogCapture.stackTrace(failure));
        assertNoSecretAnywhere();
    }

    @Test
    void toStringsAndConfigErrorsNeverShowSecrets() {
        Map<String, String> values = new HashMap<>();
        values.put("redstreams.redis.url", "rediss://app:" + WRONG + "@localhost:6380/2");
        values.put("redstreams.redis.password", PASSWORD);
        values.put("redstreams.redis.tls.trust-store", "/etc/trust.p12");
        values.put("redstreams.redis.tls.trust-store-password", STORE_PASSWORD);
        values.put("redstreams.redis.tls.key-store", "/etc/key.p12");
        values.put("redstreams.redis.tls.key-store-password", STORE_PASSWORD);
        RedStreamsConfig config = RedStreamsConfig.read(ConfigLookup.of(values));
        seenTexts.add(config.toString());
        seenTexts.add(config.redisSettings().toString());
        seenTexts.add(config.redisSettings().endpoint().toString());
        seenTexts.add(RedisEndpoint.parse("redis://:" + WRONG + "@localhost").toString());
        seenTexts.add(RedisEndpoint.parse("redis://app:" + WRONG + "@localhost").toString());
        try (RedisConnectionPool pool = new RedisConnectionPool(config.redisSettings(), "x", 1, 1000)) {
            seenTexts.add(pool.toString());
        }
        assertThat(config.redisSettings().endpoint().toString()).isEqualTo("rediss://app@localhost:6380/2");

        // bad values that carry secrets: the problems name the key, never the value
        for (Map<String, String> bad : List.of(
                Map.of("redstreams.redis.url", "redis://app:" + WRONG + "@local host:1"),
                Map.of("redstreams.redis.url", "http://app:" + WRONG + "@localhost:1"),
                Map.of("redstreams.redis.url", "redis://app:" + WRONG + "@localhost:1/notadb"),
                Map.of("redstreams.redis.url", "redis://app:" + WRONG + "@localhost:1",
                        "redstreams.redis.timeout-ms", "-1"))) {
            try {
                RedStreamsConfig.read(ConfigLookup.of(bad));
                throw new AssertionError("accepted " + bad.keySet());
            } catch (IllegalArgumentException e) {
                System.out.println("bad config: " + e.getMessage());
                seenTexts.add(LogCapture.stackTrace(e));
            }
        }
        assertNoSecretAnywhere();
    }

    private static Map<String, String> urlWithPassword(String password) {
        Map<String, String> config = WeldApp.defaults(redis.url().replace("redis://", "redis://app:" + password + "@"));
        return config;
    }

    private static StreamSendException sendFails(StreamProducer producer) {
        try {
            producer.send("secure", "x");
        } catch (StreamSendException e) {
            return e;
        }
        throw new AssertionError("send succeeded with a wrong password");
    }

    private void assertNoSecretAnywhere() {
        List<String> texts = new ArrayList<>(log.records());
        texts.addAll(seenTexts);
        assertThat(texts).as("captured log records and exception texts").isNotEmpty();
        for (String text : texts) {
            for (String secret : SECRETS) {
                assertThat(text).as("a secret in: %s", text).doesNotContain(secret);
            }
        }
        System.out.println("checked " + log.records().size() + " log records and " + seenTexts.size()
                + " exception texts/toStrings: no secret");
    }
}
