package io.redstreams.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A consumer JVM of the scaling benchmark ({@link ScaleConsumerMain} with this JVM's class path): its output lines
 * are collected and echoed with a prefix; {@link #send(String)} writes a line to its stdin; {@link #close()} kills it
 * if it is still alive.
 */
final class ScaleChild implements AutoCloseable {

    private final Process process;
    private final String label;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread pump;

    private ScaleChild(Process process, String label) {
        this.process = process;
        this.label = label;
        this.pump = new Thread(this::pump, "scale-child-" + label);
        this.pump.setDaemon(true);
        this.pump.start();
    }

    static ScaleChild start(String label, List<String> jvmArgs, Map<String, String> properties, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ScaleConsumerMain.class.getName());
        command.addAll(args);
        try {
            return new ScaleChild(new ProcessBuilder(command).redirectErrorStream(true).start(), label);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + label, e);
        }
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                System.out.println("  [" + label + "] " + line);
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    void send(String line) {
        try {
            OutputStream out = process.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(label + " does not listen any more", e);
        }
    }

    /** The first line starting with {@code prefix}; fails with the output if the child ends or time is up. */
    String await(String prefix, Duration timeout) {
        AtomicReference<String> found = new AtomicReference<>();
        try {
            Awaitility.await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        boolean ended = !process.isAlive();
                        if (ended) {
                            pump.join(2000);
                        }
                        for (String l : lines) {
                            if (l.startsWith(prefix)) {
                                found.set(l);
                                return true;
                            }
                        }
                        if (ended) {
                            throw new IllegalStateException(label + " exited with " + process.exitValue()
                                    + " before printing " + prefix);
                        }
                        return false;
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(label + " did not print " + prefix + " within " + timeout, e);
        }
        return found.get();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the child to exit by itself, up to {@code timeout}; returns whether it did. */
    boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
