package io.redstreams.bench;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated and CPU time used by threads, from {@code com.sun.management.ThreadMXBean}
 * (HotSpot's per-thread allocation counters, exact TLAB accounting, and per-thread CPU clocks).
 */
final class Alloc {

    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static {
        if (!MX.isThreadAllocatedMemoryEnabled()) {
            MX.setThreadAllocatedMemoryEnabled(true);
        }
        if (MX.isThreadCpuTimeSupported() && !MX.isThreadCpuTimeEnabled()) {
            MX.setThreadCpuTimeEnabled(true);
        }
    }

    private Alloc() {
    }

    /** What a set of threads allocated and how much CPU they used, since a snapshot. */
    record Delta(long bytes, long cpuNanos) {
        Delta plus(Delta other) {
            return new Delta(bytes + other.bytes, cpuNanos + other.cpuNanos);
        }
    }

    /** Allocation counters and CPU clocks of a fixed set of threads at one moment. */
    record Snapshot(long[] ids, long[] bytes, long[] cpu) {

        /** What the same threads did since this snapshot (threads that ended meanwhile are left out). */
        Delta sinceThen() {
            long[] nowBytes = MX.getThreadAllocatedBytes(ids);
            long[] nowCpu = cpuTimes(ids);
            long sum = 0;
            long cpuSum = 0;
            for (int i = 0; i < ids.length; i++) {
                if (nowBytes[i] >= 0 && bytes[i] >= 0) {
                    sum += nowBytes[i] - bytes[i];
                }
                if (nowCpu[i] >= 0 && cpu[i] >= 0) {
                    cpuSum += nowCpu[i] - cpu[i];
                }
            }
            return new Delta(sum, cpuSum);
        }
    }

    /** Per thread (by name) bytes and CPU nanoseconds since the snapshot, for the breakdown lines. */
    static java.util.Map<String, Delta> perThread(Snapshot since) {
        java.util.Map<String, Delta> out = new java.util.TreeMap<>();
        long[] nowBytes = MX.getThreadAllocatedBytes(since.ids());
        long[] nowCpu = cpuTimes(since.ids());
        java.lang.management.ThreadInfo[] infos = MX.getThreadInfo(since.ids());
        for (int i = 0; i < since.ids().length; i++) {
            if (infos[i] == null) {
                continue;
            }
            String name = infos[i].getThreadName().replaceAll("-\\d+$", "-N");
            Delta d = new Delta(nowBytes[i] - since.bytes()[i], nowCpu[i] - since.cpu()[i]);
            out.merge(name, d, Delta::plus);
        }
        return out;
    }

    private static long[] cpuTimes(long[] ids) {
        long[] cpu = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            cpu[i] = MX.getThreadCpuTime(ids[i]);
        }
        return cpu;
    }

    private static Snapshot of(long[] ids) {
        return new Snapshot(ids, MX.getThreadAllocatedBytes(ids), cpuTimes(ids));
    }

    /** Every live thread of the JVM. */
    static Snapshot allThreads() {
        return of(MX.getAllThreadIds());
    }

    /**
     * The live threads whose name starts with one of the {@code prefixes} (the engine names its threads
     * {@code redstreams-...}).
     */
    static Snapshot threadsNamed(String... prefixes) {
        long[] ids = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> java.util.Arrays.stream(prefixes).anyMatch(t.getName()::startsWith))
                .mapToLong(Thread::getId)
                .toArray();
        return of(ids);
    }

    /** The calling thread only. */
    static Snapshot currentThread() {
        return of(new long[] {Thread.currentThread().getId()});
    }
}
