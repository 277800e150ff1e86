package io.redstreams.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.redstreams.StreamConsumer;
import io.redstreams.impl.config.ConfigLookup;
import io.redstreams.impl.config.RedStreamsConfig;
import io.redstreams.impl.engine.EngineSettings;
import io.redstreams.impl.engine.StartupReport;
import io.redstreams.security.LogCapture;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What a deployment says once at start: the Redis it uses (never with credentials), where its configuration comes
 * from, the consumer methods it found, and warnings for a configuration file nobody reads and for no consumer at all.
 */
class StartupReportIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    @ApplicationScoped
    public static class Billing {
        void onOrder(@StreamConsumer(stream = "report-orders", group = "billing") Order order) {
        }

        void onRefund(@StreamConsumer(stream = "report-refunds", group = "billing") String refund) {
        }
    }

    @ApplicationScoped
    public static class NoConsumers {
        public void work() {
        }
    }

    @Test
    void logsTheRedisTheConfigurationSourceAndEveryConsumerFound() {
        try (LogCapture log = LogCapture.install();
             WeldApp app = WeldApp.start(WeldApp.defaults(redis), Billing.class)) {
            assertThat(log.all())
                    .contains("INFO io.redstreams.impl.engine.StartupReport: redstreams: Redis " + redis.url()
                            + "; configuration from MicroProfile Config (io.smallrye.config.SmallRyeConfig)")
                    .contains("redstreams: 2 @StreamConsumer methods:\n"
                            + "  " + Billing.class.getName() + "#onOrder -> report-orders/billing\n"
                            + "  " + Billing.class.getName() + "#onRefund -> report-refunds/billing")
                    .doesNotContain("WARNING io.redstreams");
        }
    }

    @Test
    void theRedisIsLoggedWithoutItsPassword() {
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.redis.url", "redis://:s3cr3t@" + redis.host() + ":" + redis.port() + "/2");
        config.put("redstreams.consumer.enabled", "false");
        try (LogCapture log = LogCapture.install();
             WeldApp app = WeldApp.start(config, Billing.class)) {
            assertThat(log.all())
                    .contains("redstreams: Redis redis://***@" + redis.host() + ":" + redis.port() + "/2;")
                    .contains("2 @StreamConsumer methods (not started: redstreams.consumer.enabled=false):")
                    .doesNotContain("s3cr3t");
        }
    }

    @Test
    void warnsWhenNoConsumerMethodIsFound() {
        try (LogCapture log = LogCapture.install();
             WeldApp app = WeldApp.start(WeldApp.defaults(redis), NoConsumers.class)) {
            assertThat(log.all()).contains("WARNING io.redstreams.impl.engine.StartupReport: redstreams: no"
                    + " @StreamConsumer method found. Only methods of CDI beans are found: in Weld SE the jar or"
                    + " directory of the classes needs a META-INF/beans.xml");
        }
    }

    @Test
    void warnsWhenAConfigFileIsPresentButNoMicroProfileConfigCanReadIt(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("META-INF"));
        Files.writeString(dir.resolve(StartupReport.CONFIG_FILE), "redstreams.redis.url=redis://elsewhere:6390\n");
        RedStreamsConfig config = RedStreamsConfig.read(ConfigLookup.of(Map.of()));
        // an application class path with the file but without any MicroProfile Config
        try (LogCapture log = LogCapture.install();
             URLClassLoader application = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                     ClassLoader.getPlatformClassLoader())) {
            StartupReport.configuration(EngineSettings.from(config), application);
            assertThat(log.all())
                    .contains("redstreams: Redis redis://localhost:6379; configuration from system properties and"
                            + " environment variables only (no MicroProfile Config implementation on the class path)")
                    .contains("WARNING io.redstreams.impl.engine.StartupReport: redstreams:"
                            + " META-INF/microprofile-config.properties is on the class path, but no MicroProfile"
                            + " Config implementation is, so it is ignored");
        }
    }

    @Test
    void noWarningWhenMicroProfileConfigReadsTheFile(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("META-INF"));
        Files.writeString(dir.resolve(StartupReport.CONFIG_FILE), "redstreams.redis.url=redis://elsewhere:6390\n");
        RedStreamsConfig config = RedStreamsConfig.read(ConfigLookup.of(Map.of()));
        try (LogCapture log = LogCapture.install();
             URLClassLoader application = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                     StartupReportIT.class.getClassLoader())) {
            StartupReport.configuration(EngineSettings.from(config), application);
            assertThat(log.all()).contains("configuration from MicroProfile Config").doesNotContain("WARNING");
        }
    }
}
