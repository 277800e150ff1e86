package io.redstreams.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** What the scaling benchmark says about the machine and the code it ran on. */
final class MachineInfo {

    private MachineInfo() {
    }

    /** A Markdown list: cores, CPU, memory, Java, redis-server, commit. */
    static String describe() {
        return "- `nproc`: " + command("nproc").trim() + "\n"
                + "- CPU: " + firstValue("/proc/cpuinfo", "model name") + "\n"
                + "- memory: " + firstValue("/proc/meminfo", "MemTotal") + "\n"
                + "- `java -version`: " + command(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                        "-version").trim().replace("\n", "; ") + "\n"
                + "- `redis-server --version`: " + command("redis-server", "--version").trim() + "\n"
                + "- code: " + codeVersion() + "\n";
    }

    /** {@code /proc/loadavg}'s three figures. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Paths.get("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String codeVersion() {
        String given = System.getProperty("bench.commit", "");
        if (!given.isEmpty()) {
            return "commit " + given;
        }
        String head = command("git", "rev-parse", "--short", "HEAD").trim();
        if (head.isEmpty() || head.contains(" ")) {
            return "unknown (not a git checkout)";
        }
        String dirty = command("git", "status", "--porcelain", "--", "../api", "../impl").trim();
        return "commit " + head + (dirty.isEmpty() ? "" : " plus uncommitted changes in api/ or impl/ ("
                + dirty.lines().count() + " files)");
    }

    private static String firstValue(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String command(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }
}
