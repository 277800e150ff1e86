package io.redstreams.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.testsupport.RedisExtension;

/**
 * Runs the README's Weld SE application as it is (bean discovery, microprofile-config.properties, main method),
 * against the test's Redis (a system property overrides the file), and checks the console output the README shows.
 */
class HelloIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    @Test
    void theReadmeApplicationGreetsEveryoneAndCloses() throws Exception {
        redis.admin().del("greetings");
        System.setProperty("redstreams.redis.url", redis.url());
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new TeeStream(console, captured), true, StandardCharsets.UTF_8));
        try {
            Hello.main(new String[0]);
        } finally {
            System.setOut(console);
            System.clearProperty("redstreams.redis.url");
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(output).containsSubsequence("started in ", "Hello, Ada!", "Hello, Grace!", "Hello, Linus!",
                "all greeted", "closed");
        Matcher started = Pattern.compile("started in (\\d+) ms").matcher(output);
        assertThat(started.find()).isTrue();
        System.out.println("HelloIT: Weld SE with redstreams started in " + started.group(1) + " ms");
    }

    /** Writes to the console and to a buffer. */
    private static final class TeeStream extends java.io.OutputStream {
        private final PrintStream console;
        private final ByteArrayOutputStream buffer;

        TeeStream(PrintStream console, ByteArrayOutputStream buffer) {
            this.console = console;
            this.buffer = buffer;
        }

        @Override
        public synchronized void write(int b) {
            console.write(b);
            buffer.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            console.write(b, off, len);
            buffer.write(b, off, len);
        }
    }
}
