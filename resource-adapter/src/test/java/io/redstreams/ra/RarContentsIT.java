package io.redstreams.ra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code .rar} the build produced: run by failsafe after {@code package} (surefire skips it).
 * It must carry the engine and its client libraries, and nothing the target servers (WildFly 39,
 * Payara 6) already provide: a second JSON-B or Connectors API inside the adapter would clash
 * with the server's.
 */
class RarContentsIT {

    private static Path rar;
    private static List<String> entries;

    @BeforeAll
    static void open() throws IOException {
        rar = Paths.get(System.getProperty("redstreams.rar", "target/redstreams-resource-adapter.rar"));
        assertThat(rar).as("the packaged adapter; run with 'mvn verify'").exists();
        try (ZipFile zip = new ZipFile(rar.toFile())) {
            entries = Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
        }
    }

    @Test
    void bundlesTheEngineTheApiAndTheRedisClientWithItsRuntimeDependencies() {
        assertThat(entries).anyMatch(jar("redstreams-resource-adapter"))
                .anyMatch(jar("redstreams-impl-"))
                .anyMatch(jar("redstreams-api-"))
                .anyMatch(jar("jedis-"))
                .anyMatch(jar("commons-pool2-"))
                .anyMatch(jar("slf4j-api-"))
                .anyMatch(jar("json-"))
                .anyMatch(jar("gson-"))
                .anyMatch(jar("redis-authx-core-"))
                .anyMatch(jar("resilience4j-circuitbreaker-")) // the producer's circuit breaker
                .anyMatch(jar("resilience4j-core-"));
    }

    @Test
    void leavesOutWhatTheServersProvideAndWhatOnlyTestsNeed() {
        assertThat(entries).noneMatch(name -> name.contains("yasson") || name.contains("parsson")
                || name.contains("jakarta.json") || name.contains("jakarta.resource") || name.contains("jakarta.transaction")
                || name.contains("cdi-api") || name.contains("jakarta.inject") || name.contains("microprofile")
                || name.contains("weld") || name.contains("junit") || name.contains("testcontainers")
                || name.contains("test-support") || name.contains("slf4j-jdk14"));
    }

    @Test
    void theAnnotationsAreTheDescriptor() {
        assertThat(entries).doesNotContain("META-INF/ra.xml");
    }

    @Test
    void theAdapterJarHoldsTheAdapterClasses() throws IOException {
        assertThat(entriesOfNestedJar("redstreams-resource-adapter")).contains(
                "io/redstreams/ra/RedStreamsResourceAdapter.class",
                "io/redstreams/ra/RedStreamsManagedConnectionFactory.class",
                "io/redstreams/ra/RedStreamsActivationSpec.class",
                "io/redstreams/ra/RedStreamsConnectionFactory.class");
    }

    @Test
    void theEngineJarKeepsTheCdiExtensionServiceFile() throws IOException {
        // applications that import the adapter's services get the @StreamConsumer extension from here
        assertThat(entriesOfNestedJar("redstreams-impl-"))
                .contains("META-INF/services/jakarta.enterprise.inject.spi.Extension");
    }

    private static Predicate<String> jar(String prefix) {
        return name -> !name.contains("/") && name.startsWith(prefix) && name.endsWith(".jar");
    }

    private static List<String> entriesOfNestedJar(String prefix) throws IOException {
        try (ZipFile zip = new ZipFile(rar.toFile())) {
            ZipEntry nested = Collections.list(zip.entries()).stream().filter(e -> jar(prefix).test(e.getName()))
                    .findFirst().orElseThrow();
            List<String> names = new ArrayList<>();
            try (InputStream in = zip.getInputStream(nested); JarInputStream jar = new JarInputStream(in)) {
                for (ZipEntry e = jar.getNextEntry(); e != null; e = jar.getNextEntry()) {
                    names.add(e.getName());
                }
            }
            return names;
        }
    }
}
