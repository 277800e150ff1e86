package io.redstreams.it.support;

import java.util.List;

/** Thread names, for leak checks. */
public final class Threads {

    private Threads() {
    }

    /** @return the names of the live threads of this JVM, sorted */
    public static List<String> names() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).sorted()
                .toList();
    }

    /** @return the names that start with {@code redstreams} (the engine names its loops so while they run) */
    public static List<String> redstreams(List<String> names) {
        return names.stream().filter(n -> n.startsWith("redstreams")).toList();
    }
}
