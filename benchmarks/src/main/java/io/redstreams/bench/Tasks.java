package io.redstreams.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Context switches of this JVM's native threads, from {@code /proc/self/task/* /status} (Linux only):
 * how often the threads of a consumer went to sleep and were woken per message, a figure that the
 * machine's load does not distort the way times are distorted.
 */
final class Tasks {

    private Tasks() {
    }

    /** Voluntary plus involuntary context switches, summed per native thread name prefix. */
    static Map<String, Long> switchesByPrefix(String... prefixes) {
        Map<String, Long> out = new HashMap<>();
        Path tasks = Paths.get("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(tasks)) {
            dirs.forEach(dir -> {
                try {
                    String name = null;
                    long switches = 0;
                    for (String line : Files.readAllLines(dir.resolve("status"))) {
                        if (line.startsWith("Name:")) {
                            name = line.substring(5).trim();
                        } else if (line.startsWith("voluntary_ctxt_switches:")
                                || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    for (String prefix : prefixes) {
                        if (name != null && name.startsWith(prefix)) {
                            out.merge(prefix, switches, Long::sum);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException e) {
            return out;
        }
        return out;
    }
}
