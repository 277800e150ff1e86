package io.redstreams.it.support;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.event.container.AfterDeploy;
import org.jboss.arquillian.container.spi.event.container.BeforeDeploy;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Makes a failed deployment on Payara Micro a {@link DeploymentException}, as on other containers.
 *
 * <p>{@code arquillian-payara-micro-managed} starts a Micro JVM with the archive and waits until Micro says it is
 * ready; when the application fails to deploy, Micro logs the error and carries on, and the adapter reports
 * success. This observer reads what Micro logged during the deployment ({@code --logToFile}, see arquillian.xml)
 * and, if it says the application failed to load, stops that Micro and throws, so that
 * {@code @ShouldThrowException(DeploymentException.class)} and ordinary deployment failures work. Only active
 * when {@code it.container=payara}.
 */
public final class PayaraDeploymentCheck implements LoadableExtension {

    /** What Payara logs (SEVERE) when an application fails to deploy. */
    static final String FAILURE = "Exception while loading the app";

    @Override
    public void register(ExtensionBuilder builder) {
        if ("payara".equals(System.getProperty("it.container"))) {
            builder.observer(Check.class);
        }
    }

    /** The observer; Arquillian creates it. */
    public static final class Check {

        private final Map<Path, Long> sizesBefore = new HashMap<>();

        public void before(@Observes BeforeDeploy event) {
            sizesBefore.clear();
            for (Path file : logFiles()) {
                sizesBefore.put(file, size(file));
            }
        }

        public void after(@Observes AfterDeploy event) throws DeploymentException {
            StringBuilder logged = new StringBuilder();
            for (Path file : logFiles()) {
                logged.append(readFrom(file, sizesBefore.getOrDefault(file, 0L)));
            }
            int at = logged.indexOf(FAILURE);
            if (at < 0) {
                return;
            }
            String name = event.getDeployment().getArchive().getName();
            try {
                event.getDeployableContainer().undeploy(event.getDeployment().getArchive()); // stops that Micro
            } catch (Exception e) {
                // it is going away anyway; the deployment failure is what matters
            }
            throw new DeploymentException("Payara Micro did not deploy " + name + "; it logged:\n"
                    + logged.substring(Math.max(0, at - 2000), Math.min(logged.length(), at + 6000)));
        }

        private static Iterable<Path> logFiles() {
            Path dir = Path.of(System.getProperty("it.build.dir", "target"), "payara");
            if (!Files.isDirectory(dir)) {
                return java.util.List.of();
            }
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(f -> f.getFileName().toString().startsWith("server.log")
                        && !f.getFileName().toString().endsWith(".lck")).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static long size(Path file) {
            try {
                return Files.size(file);
            } catch (IOException e) {
                return 0;
            }
        }

        private static String readFrom(Path file, long offset) {
            try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                long length = in.length();
                if (offset >= length) {
                    return "";
                }
                byte[] bytes = new byte[(int) (length - offset)];
                in.seek(offset);
                in.readFully(bytes);
                return new String(bytes, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }
    }
}
