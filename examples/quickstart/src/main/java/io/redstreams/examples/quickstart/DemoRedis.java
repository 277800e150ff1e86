package io.redstreams.examples.quickstart;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds a Redis for the demo: {@code REDIS_URL} if set; else a throwaway {@code redis-server}
 * started from PATH on a free port (so the demo never touches your data); else
 * {@code localhost:6379}; else it says what to install.
 */
final class DemoRedis implements AutoCloseable {

    private final String url;
    private final Process process;
    private final String origin;

    private DemoRedis(String url, Process process, String origin) {
        this.url = url;
        this.process = process;
        this.origin = origin;
    }

    static DemoRedis find() throws IOException, InterruptedException {
        String env = System.getenv("REDIS_URL");
        if (env != null && !env.isBlank()) {
            return new DemoRedis(env, null, "REDIS_URL");
        }
        DemoRedis own = startOwn();
        if (own != null) {
            return own;
        }
        if (answers(6379)) {
            return new DemoRedis("redis://localhost:6379", null, "localhost:6379");
        }
        throw new IllegalStateException("No Redis for the demo. Install one (Debian/Ubuntu: sudo apt-get install"
                + " redis-server; macOS: brew install redis), or start one with Docker (docker run -p 6379:6379"
                + " redis:7), or set REDIS_URL=redis://host:port.");
    }

    private static DemoRedis startOwn() throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path dir = Files.createTempDirectory("redstreams-demo");
        Process process;
        try {
            process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind",
                    "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            return null; // no redis-server on PATH
        }
        for (int i = 0; i < 100; i++) {
            if (answers(port)) {
                return new DemoRedis("redis://127.0.0.1:" + port, process, "its own redis-server");
            }
            if (!process.isAlive()) {
                return null;
            }
            Thread.sleep(50); // waiting for a child process to listen; nothing to await on
        }
        process.destroyForcibly();
        return null;
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[64];
            int n = in.read(reply);
            return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    String url() {
        return url;
    }

    String origin() {
        return origin;
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
        }
    }
}
