package io.redstreams.it.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The log files of the server under test, read by the tests on the same machine. */
public final class ServerLog {

    private ServerLog() {
    }

    /** @return the text of every file in {@code dir} whose name starts with {@code prefix}, concatenated */
    public static String read(Path dir, String prefix) {
        try (Stream<Path> files = Files.list(dir)) {
            StringBuilder text = new StringBuilder();
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && !f.getFileName().toString().endsWith(".lck")).sorted().toList()) {
                try {
                    text.append(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
                } catch (NoSuchFileException e) {
                    // rotated away meanwhile
                }
            }
            return text.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the server log in " + dir, e);
        }
    }

    /** WildFly's {@code standalone/log/server.log}. */
    public static String wildfly() {
        return read(Path.of(System.getProperty("it.wildfly.home"), "standalone", "log"), "server.log");
    }

    /** Payara Micro's log, written with {@code --logToFile target/payara/server.log}. */
    public static String payara() {
        return read(Path.of(System.getProperty("it.build.dir"), "payara"), "server.log");
    }

    /** @return the lines of the log that contain {@code text} */
    public static List<String> linesWith(String log, String text) {
        return log.lines().filter(l -> l.contains(text)).toList();
    }
}
