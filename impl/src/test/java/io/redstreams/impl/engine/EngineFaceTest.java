package io.redstreams.impl.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The container layers reach the engine only through its face ({@link RedStreamsEngine} and the types it exposes),
 * never through the Redis connection layer; the engine types each layer imports are the ones the README's
 * "Layout and design" section lists.
 */
class EngineFaceTest {

    private static final Pattern IMPORT = Pattern.compile(
            "^import (?:static )?(io\\.redstreams\\.impl\\.[a-z]+\\.[A-Za-z]+)", Pattern.MULTILINE);

    @Test
    void theCdiExtensionUsesOnlyTheFace() {
        assertThat(engineImports(Path.of("src", "main", "java", "io", "redstreams", "cdi"))).containsExactly(
                "io.redstreams.impl.consumer.ConsumerSpec",
                "io.redstreams.impl.consumer.Consumers",
                "io.redstreams.impl.consumer.MessageInvoker",
                // health and metrics (issue 12): the engine's status view, its sampled gauges, its per-message signals
                "io.redstreams.impl.engine.ConsumerStatus",
                "io.redstreams.impl.engine.EngineListener",
                "io.redstreams.impl.engine.EngineSettings",
                "io.redstreams.impl.engine.EngineStatus",
                "io.redstreams.impl.engine.GroupGauges",
                "io.redstreams.impl.engine.PoolStatus",
                "io.redstreams.impl.engine.RedStreamsEngine",
                "io.redstreams.impl.engine.StartupReport",
                "io.redstreams.impl.engine.TrafficListener");
    }

    @Test
    void theResourceAdapterUsesOnlyTheFace() {
        assertThat(engineImports(Path.of("..", "resource-adapter", "src", "main", "java"))).containsExactly(
                "io.redstreams.impl.config.ConfigKeys",
                "io.redstreams.impl.consumer.ConsumerSpec",
                "io.redstreams.impl.consumer.Consumers",
                "io.redstreams.impl.consumer.DeliveryRefusedException",
                "io.redstreams.impl.consumer.MessageInvoker",
                "io.redstreams.impl.engine.EngineHost",
                "io.redstreams.impl.engine.EngineSettings",
                // the outbound connections in hosted applications' health data (issue 12)
                "io.redstreams.impl.engine.PoolStatus",
                "io.redstreams.impl.engine.ProducerConnection",
                "io.redstreams.impl.engine.RedStreamsEngine",
                "io.redstreams.impl.engine.ServerHosting");
    }

    @Test
    void theMicroProfileMetricsBindingUsesOnlyTheFace() {
        // redstreams-mp-metrics (its own artifact, outside the .rar): it implements io.redstreams.cdi.MetricsBinder and
        // reads the engine's status view, its sampled gauges and its producer status
        assertThat(engineImports(Path.of("..", "mp-metrics", "src", "main", "java"))).containsExactly(
                "io.redstreams.impl.engine.ConsumerStatus",
                "io.redstreams.impl.engine.GroupGauges",
                "io.redstreams.impl.engine.RedStreamsEngine");
    }

    @Test
    void theEngineAndTheCdiExtensionNeverReferToMicroProfileMetrics() throws IOException {
        // Payara's metrics sniffer claims any archive whose classes use MetricRegistry and then refuses to deploy the
        // .rar: MicroProfile Metrics lives in redstreams-mp-metrics only
        try (Stream<Path> files = Files.walk(Path.of("src", "main"))) {
            assertThat(files.filter(Files::isRegularFile).filter(f -> read(f).contains("org.eclipse.microprofile.metrics"))
                    .toList()).isEmpty();
        }
    }

    /** The distinct {@code io.redstreams.impl.*} types imported by the sources under {@code dir}, sorted. */
    private static Set<String> engineImports(Path dir) {
        assertThat(dir).as("sources of the layer").isDirectory();
        Set<String> types = new TreeSet<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                Matcher m = IMPORT.matcher(read(f));
                while (m.find()) {
                    types.add(m.group(1));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return types;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
