package io.redstreams.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * Prints the one summary line of a scenario to stdout and appends it to {@code target/fault-summary.txt}, so it
 * can be quoted even though surefire redirects test output to files.
 */
public final class FaultReport {

    private FaultReport() {
    }

    /**
     * @param tallies one per group; the line shows sums, and the per-group figures after it when there are several
     */
    public static String print(String name, List<Ledger.Tally> tallies, long startNanos, String extra) {
        int produced = tallies.stream().mapToInt(Ledger.Tally::produced).max().orElse(0);
        int handled = tallies.stream().mapToInt(Ledger.Tally::handled).sum();
        int dlq = tallies.stream().mapToInt(Ledger.Tally::dlq).sum();
        int dup = tallies.stream().mapToInt(Ledger.Tally::duplicates).sum();
        int lost = tallies.stream().mapToInt(Ledger.Tally::lostCount).sum();
        int pending = tallies.stream().mapToInt(Ledger.Tally::pending).sum();
        String line = line(name, produced, handled, dlq, dup, lost, pending, startNanos)
                + (tallies.size() > 1 ? " groups=" + tallies : "")
                + (extra == null || extra.isEmpty() ? "" : " " + extra);
        return emit(line);
    }

    public static String line(String name, long produced, long handled, long dlq, long duplicates, long lost,
            long pending, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return String.format(Locale.ROOT, "FAULT %s: produced=%d handled=%d dlq=%d duplicates=%d lost=%d pending=%d time=%.1fs",
                name, produced, handled, dlq, duplicates, lost, pending, seconds);
    }

    /** Prints and records a finished line. */
    public static synchronized String emit(String line) {
        System.out.println(line);
        System.out.flush();
        Path file = Paths.get("target", "fault-summary.txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("cannot append to " + file + ": " + e);
        }
        return line;
    }
}
