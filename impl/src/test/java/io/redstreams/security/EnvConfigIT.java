package io.redstreams.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.redstreams.faults.ChildJvm;
import io.redstreams.testsupport.RedisExtension;
import io.redstreams.testsupport.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Passwords need not sit in files: MicroProfile Config maps the environment variable
 * {@code REDSTREAMS_REDIS_PASSWORD} to {@code redstreams.redis.password}. Proven in a child JVM (the environment
 * of a running JVM cannot be changed), whose whole output is also checked for the password.
 */
class EnvConfigIT {

    static final String PASSWORD = "Env-S3cret-0d0d";

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated(new RedisServer.Options()
            .requirePass("Admin-pw-e1e1").aclLine("app on >" + PASSWORD + " ~* +@all"));

    private static Map<String, String> properties() {
        return Map.of("redstreams.redis.url", redis.url(), "redstreams.redis.user", "app",
                "redstreams.consumer.block-ms", "500", "redstreams.shutdown-timeout-ms", "2000");
    }

    @Test
    @Timeout(90)
    void thePasswordComesFromTheEnvironment() throws Exception {
        try (ChildJvm child = ChildJvm.of(EnvPasswordMain.class).jvmArg("-Xmx128m").properties(properties())
                .env("REDSTREAMS_REDIS_PASSWORD", PASSWORD).start()) {
            String result = child.await(l -> l.startsWith("RESULT "), Duration.ofSeconds(60));
            assertThat(result).startsWith("RESULT ok");
            assertThat(child.lines()).contains("MicroProfile Config has redstreams.redis.password: true");
            assertThat(child.waitFor(Duration.ofSeconds(30))).isZero();
            assertThat(String.join("\n", child.lines())).doesNotContain(PASSWORD);
        }
        assertThat(redis.admin().xlen("env-stream")).isEqualTo(1);
    }

    @Test
    @Timeout(90)
    void withoutItRedisRefusesAndTheMessageSaysSo() throws Exception {
        try (ChildJvm child = ChildJvm.of(EnvPasswordMain.class).jvmArg("-Xmx128m").properties(properties())
                .env("REDSTREAMS_REDIS_PASSWORD", "Wrong-" + PASSWORD).start()) {
            String result = child.await(l -> l.startsWith("RESULT "), Duration.ofSeconds(60));
            assertThat(result).startsWith("RESULT failed").contains("refused the credentials of user 'app'");
            child.waitFor(Duration.ofSeconds(30));
            assertThat(String.join("\n", child.lines())).doesNotContain(PASSWORD);
        }
    }
}
