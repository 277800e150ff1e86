package io.redstreams.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time and involuntary context switches of this JVM's native threads by role, from
 * {@code /proc/self/task/* /stat} and {@code status} (Linux only; clock ticks of 10 ms): the engine's threads
 * ({@code redstreams-*}), the JIT compilers, the garbage collector, and the rest. Unlike Java's thread CPU figures it
 * sees the JVM's own threads too, which is where a second consumer JVM on a small machine spends a good part of its
 * CPU. Threads that ended between two snapshots are missing from the later one.
 */
final class ThreadRoles {

    static final String ENGINE = "engine";
    static final String JIT = "jit";
    static final String GC = "gc";
    static final String OTHER = "other";

    private static final double MS_PER_TICK = 10.0;

    private ThreadRoles() {
    }

    /** Per native thread (by id): its name, CPU ticks and involuntary context switches so far. */
    static Map<String, Task> snapshot() {
        Map<String, Task> out = new LinkedHashMap<>();
        Path tasks = Paths.get("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(tasks)) {
            dirs.forEach(dir -> {
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // after the name: state is field 3 of stat(5), so utime (14) and stime (15) are at 11 and 12
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    long preempted = 0;
                    for (String line : Files.readAllLines(dir.resolve("status"))) {
                        if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            preempted = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    out.put(dir.getFileName().toString(), new Task(name, ticks, preempted));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /**
     * Per role, what the threads used between two snapshots: CPU milliseconds ({@code role}) and involuntary
     * context switches ({@code role + "-preempted"}). Each thread counts under its name at the later snapshot (pool
     * threads are renamed when they take up work); threads that ended meanwhile are missing.
     */
    static Map<String, Double> since(Map<String, Task> before, Map<String, Task> after) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String role : new String[] {ENGINE, JIT, GC, OTHER}) {
            out.put(role, 0.0);
            out.put(role + "-preempted", 0.0);
        }
        after.forEach((tid, t) -> {
            Task b = before.get(tid);
            String role = role(t.name());
            out.merge(role, (t.ticks() - (b == null ? 0 : b.ticks())) * MS_PER_TICK, Double::sum);
            out.merge(role + "-preempted", (double) (t.preempted() - (b == null ? 0 : b.preempted())),
                    Double::sum);
        });
        return out;
    }

    /** One native thread at one moment. */
    record Task(String name, long ticks, long preempted) {
    }

    private static String role(String nativeName) {
        if (nativeName.startsWith("redstreams")) {
            return ENGINE;
        }
        if (nativeName.startsWith("C1 Compiler") || nativeName.startsWith("C2 Compiler")) {
            return JIT;
        }
        if (nativeName.startsWith("GC Thread") || nativeName.startsWith("G1 ")) {
            return GC;
        }
        return OTHER;
    }
}
