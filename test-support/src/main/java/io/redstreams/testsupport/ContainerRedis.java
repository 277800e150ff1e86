package io.redstreams.testsupport;

import java.time.Duration;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The only class that touches Testcontainers, so that without Docker (or without Testcontainers on the class path)
 * nothing but {@link #dockerAvailable()} ever runs.
 *
 * <p>Where the Docker daemon runs in a sibling container, Testcontainers may hang resolving the container host
 * unless the environment sets {@code TESTCONTAINERS_HOST_OVERRIDE=localhost}; it reads that variable only from the
 * environment, so it cannot be set from here.
 */
final class ContainerRedis {

    static final String IMAGE = "redis:7";

    private static final int REDIS_PORT = 6379;
    private static Boolean dockerAvailable;

    private ContainerRedis() {
    }

    /** @return whether a Docker engine answers; asked once per JVM, since the check can take a second */
    static synchronized boolean dockerAvailable() {
        if (dockerAvailable == null) {
            try {
                dockerAvailable = DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                // no Testcontainers on the class path, or a broken Docker config: same as no Docker
                dockerAvailable = false;
            }
        }
        return dockerAvailable;
    }

    /** @return a fresh {@value #IMAGE} container, stopped (and removed) when the instance is closed */
    static RedisInstance start() {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withExposedPorts(REDIS_PORT)
                // the same non-persistent setup as a local RedisServer, so tests behave alike on both
                .withCommand("redis-server", "--save", "", "--appendonly", "no")
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1))
                .withStartupTimeout(Duration.ofSeconds(60));
        container.start();
        return RedisInstance.container(container.getHost(), container.getMappedPort(REDIS_PORT), container::stop);
    }
}
