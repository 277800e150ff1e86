package io.redstreams.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The result table: one row per figure, ours beside raw Jedis, with the ratio and the target. */
final class Table {

    enum Unit { MSG_PER_S, MICROS, BYTES, CPU_MICROS, COUNT }

    /** How a row passes: ratio at least {@code x}, ratio above {@code x}, ours below an absolute limit, or no target. */
    record Target(String text, java.util.function.BiPredicate<Stats, Stats> check) {
        static Target ratioAtLeast(double x) {
            return new Target("ours/raw ≥ " + x, (ours, ratio) -> ratio.median() >= x);
        }

        static Target ratioAbove(double x) {
            return new Target("ours/raw > " + x, (ours, ratio) -> ratio.median() > x);
        }

        static Target ratioAtMost(double x) {
            return new Target("ours/raw ≤ " + x, (ours, ratio) -> ratio.median() <= x);
        }

        static Target oursAtMost(double limit, String text) {
            return new Target(text, (ours, ratio) -> ours.median() <= limit);
        }

        static Target oursBelow(double limit, String text) {
            return new Target(text, (ours, ratio) -> ours.median() < limit);
        }

        static final Target NONE = new Target("", null);
    }

    record Row(String figure, Unit unit, Stats ours, Stats raw, Stats ratio, Target target) {
        String verdict() {
            if (target.check() == null) {
                return "";
            }
            if (ours.n() == 0 || raw.n() == 0) {
                return "n/a";
            }
            return target.check().test(ours, ratio) ? "met" : "**missed**";
        }
    }

    private final List<Row> rows = new ArrayList<>();

    /** Adds a row; the ratio is computed per round (rounds are interleaved), then summarized. */
    void add(String figure, Unit unit, List<Double> ours, List<Double> raw, Target target) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(ours.size(), raw.size()); i++) {
            ratios.add(ours.get(i) / raw.get(i));
        }
        Row row = new Row(figure, unit, Stats.of(ours), Stats.of(raw), Stats.of(ratios), target);
        rows.add(row);
        System.out.println("  => " + render(row));
    }

    List<Row> rows() {
        return rows;
    }

    String markdown() {
        StringBuilder s = new StringBuilder();
        s.append("| figure | ours: median [min–max] | raw Jedis: median [min–max] | ours/raw: median [min–max] | target | |\n");
        s.append("|---|---:|---:|---:|---|---|\n");
        for (Row r : rows) {
            s.append(render(r)).append('\n');
        }
        return s.toString();
    }

    private static String render(Row r) {
        return "| " + r.figure() + " | " + value(r.ours(), r.unit()) + " | " + value(r.raw(), r.unit()) + " | "
                + ratio(r.ratio()) + " | " + r.target().text() + " | " + r.verdict() + " |";
    }

    private static String value(Stats s, Unit unit) {
        if (s.n() == 0) {
            return "n/a";
        }
        return switch (unit) {
            case MSG_PER_S -> String.format(Locale.ROOT, "%,.0f msg/s [%,.0f–%,.0f]", s.median(), s.min(), s.max());
            case MICROS -> String.format(Locale.ROOT, "%,.0f µs [%,.0f–%,.0f]", s.median(), s.min(), s.max());
            case BYTES -> String.format(Locale.ROOT, "%,.0f B/msg [%,.0f–%,.0f]", s.median(), s.min(), s.max());
            case COUNT -> String.format(Locale.ROOT, "%,.2f [%,.2f–%,.2f]", s.median(), s.min(), s.max());
            case CPU_MICROS -> String.format(Locale.ROOT, "%,.1f µs/msg [%,.1f–%,.1f]", s.median(), s.min(), s.max());
        };
    }

    private static String ratio(Stats s) {
        if (s.n() == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "**%.2f** [%.2f–%.2f]", s.median(), s.min(), s.max());
    }
}
