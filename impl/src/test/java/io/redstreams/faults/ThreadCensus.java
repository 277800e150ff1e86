package io.redstreams.faults;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Live threads, for leak checks: how many, and which carry the {@code redstreams} name. */
public final class ThreadCensus {

    private ThreadCensus() {
    }

    public static Set<Thread> live() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }

    /**
     * Threads alive now that were not in {@code before}, by name; the test tools' own (Awaitility's poller, the
     * common fork-join pool it uses) are not counted.
     */
    public static List<String> newSince(Set<Thread> before) {
        return live().stream().filter(t -> !before.contains(t)).map(Thread::getName)
                .filter(n -> !n.startsWith("awaitility") && !n.startsWith("ForkJoinPool.commonPool")
                        && !n.startsWith("child-jvm"))
                .sorted().toList();
    }

    public static List<String> redstreams() {
        return live().stream().map(Thread::getName).filter(n -> n.startsWith("redstreams")).sorted().toList();
    }
}
