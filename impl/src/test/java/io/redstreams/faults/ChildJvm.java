package io.redstreams.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A main of the test sources run in a separate JVM with the test class path. Its stdout and stderr lines are
 * collected (and echoed with a prefix); {@link #kill()} is SIGKILL. Always {@link #close()} it: that kills it if it
 * is still alive.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private final String label;

    private ChildJvm(Process process, String label) {
        this.process = process;
        this.label = label;
        this.reader = new Thread(this::pump, "child-jvm-" + label);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** How to start one. */
    public static final class Builder {
        private final Class<?> main;
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> properties = new HashMap<>();
        private final Map<String, String> env = new HashMap<>();
        private final List<String> args = new ArrayList<>();

        Builder(Class<?> main) {
            this.main = main;
        }

        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public Builder properties(Map<String, String> values) {
            properties.putAll(values);
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Builder args(String... values) {
            args.addAll(List.of(values));
            return this;
        }

        public ChildJvm start() {
            List<String> command = new ArrayList<>();
            command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmArgs);
            String logging = System.getProperty("java.util.logging.config.file");
            if (logging != null) {
                command.add("-Djava.util.logging.config.file=" + logging);
            }
            properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(main.getName());
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            try {
                return new ChildJvm(builder.start(), main.getSimpleName());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + command, e);
            }
        }
    }

    /**
     * For the mains run this way: ends the child when the test JVM goes away, even by SIGKILL (its stdin, a pipe
     * from the test JVM, reaches its end), so no child outlives an aborted test run.
     */
    public static void exitWithParent() {
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // nothing is ever sent; we only wait for the end
                }
            } catch (IOException e) {
                // the pipe broke: the parent is gone just the same
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    public static Builder of(Class<?> main) {
        return new Builder(main);
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                if (!line.startsWith("HANDLED ")) {
                    System.out.println("[" + label + "] " + line);
                }
            }
        } catch (IOException e) {
            // the process died: nothing more to read
        }
    }

    public List<String> lines() {
        return lines;
    }

    /** Waits for a line matching {@code test}; fails with the output so far if the process ends or time is up. */
    public String await(Predicate<String> test, Duration timeout) {
        AtomicReference<String> found = new AtomicReference<>();
        try {
            Awaitility.await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        boolean ended = !process.isAlive();
                        if (ended) {
                            reader.join(2000); // the last lines the process printed
                        }
                        for (String l : new ArrayList<>(lines)) {
                            if (test.test(l)) {
                                found.set(l);
                                return true;
                            }
                        }
                        if (ended) {
                            throw new AssertionError("child " + label + " exited with " + process.exitValue()
                                    + " before the expected line; output:\n" + tail());
                        }
                        return false;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("child " + label + " did not print the expected line within " + timeout
                    + "; output:\n" + tail());
        }
        return found.get();
    }

    public String tail() {
        List<String> now = new ArrayList<>(lines);
        List<String> shown = new ArrayList<>();
        for (String l : now.subList(Math.max(0, now.size() - 60), now.size())) {
            shown.add(l);
        }
        return String.join("\n", shown);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit status of a process that has ended (128 + the signal's number when a signal ended it). */
    public int exitValue() {
        return process.exitValue();
    }

    /** SIGKILL, and waits for the process to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        reader.join(2000);
    }

    /** Waits for a normal exit; returns the exit code, or kills it and fails when time is up. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("child " + label + " did not exit within " + timeout + "; output:\n" + tail());
        }
        reader.join(5000);
        return process.exitValue();
    }

    /** Kills the child if it is still alive. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                kill();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
