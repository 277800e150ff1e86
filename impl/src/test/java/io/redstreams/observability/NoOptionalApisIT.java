package io.redstreams.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.testsupport.RedisExtension;
import io.redstreams.testsupport.RedisServer;

/**
 * The library works with none of the optional APIs on the class path: a separate JVM whose class path is the test
 * class path without MicroProfile Health, SmallRye Health, Micrometer, Prometheus and MicroProfile (SmallRye)
 * Metrics starts an application, sends and consumes. A class that references a missing API would fail it with NoClassDefFoundError.
 */
class NoOptionalApisIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated(new RedisServer.Options());

    private static final List<String> OPTIONAL = List.of("microprofile-health", "smallrye-health", "micrometer",
            "prometheus", "microprofile-metrics", "smallrye-metrics", "HdrHistogram", "LatencyUtils");

    @Test
    void consumesAndProducesWithoutHealthOrMetricsLibraries() throws Exception {
        String all = System.getProperty("java.class.path");
        List<String> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (String entry : all.split(File.pathSeparator)) {
            String name = Paths.get(entry).getFileName().toString();
            (OPTIONAL.stream().anyMatch(name::contains) ? dropped : kept).add(entry);
        }
        assertThat(dropped).as("the optional libraries are on the test class path").hasSizeGreaterThanOrEqualTo(4);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                String.join(File.pathSeparator, kept), NoOptionalApisMain.class.getName(), redis.url()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        System.out.println("child JVM without " + dropped.stream().map(e -> Paths.get(e).getFileName().toString())
                .collect(Collectors.joining(", ")) + ":\n" + output);
        assertThat(output).doesNotContain("NoClassDefFoundError").doesNotContain("could not bind metrics");
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("handled=3");
        assertThat(Arrays.asList(output.split("\n"))).filteredOn(l -> l.startsWith("absent: ")).hasSize(3);
    }
}
