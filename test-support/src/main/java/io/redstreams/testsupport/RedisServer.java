package io.redstreams.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * One throwaway local {@code redis-server} process, bound to 127.0.0.1 on a free port and running in its own
 * temporary directory.
 *
 * <p>Independent of JUnit, so benchmarks and demos can use it from a plain {@code main}:
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start(new RedisServer.Options().appendOnly(true))) {
 *     System.out.println(redis.url());
 *     redis.kill();     // like a crash
 *     redis.restart();  // same port, same dir: the AOF data is still there
 * }
 * }</pre>
 *
 * <p>The process log goes to {@link #logFile()}; a failed start throws with its tail. Every server still alive
 * when the JVM exits is killed and its directory deleted by a shutdown hook, so an aborted test run leaves
 * neither orphan processes nor temp dirs behind. Instances are thread-safe.
 */
public final class RedisServer implements AutoCloseable {

    /** The install hint shared by every "no Redis" failure, so all of them tell the user the same fix. */
    static final String INSTALL_HINT = "install Redis so that 'redis-server' is on the PATH"
            + " (Debian/Ubuntu: 'sudo apt-get install redis-server', Fedora: 'sudo dnf install redis',"
            + " macOS: 'brew install redis')";

    private static final System.Logger LOG = System.getLogger(RedisServer.class.getName());
    private static final String HOST = "127.0.0.1";
    private static final int BIND_ATTEMPTS = 5;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(10);
    private static final int LOG_TAIL_LINES = 30;

    /** Servers whose process may still be alive; the shutdown hook reaps them. */
    private static final Set<RedisServer> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(RedisServer::reapAll, "redis-server-reaper"));
    }

    private final Options options;
    private final Path executable;
    private final Path dir;
    private final Path logFile;
    private final boolean fixedPort;
    private int port;
    // volatile: the shutdown hook reads it without taking the monitor, so it can never deadlock on a stuck start()
    private volatile Process process;
    private boolean closed;

    private RedisServer(Options options, Path executable, Path dir, int port) {
        this.options = options.copy();
        this.executable = executable;
        this.dir = dir;
        this.logFile = dir.resolve("redis.log");
        this.fixedPort = port != 0;
        this.port = port;
    }

    /**
     * Starts a server with default options (no persistence, no password).
     *
     * @return the running server
     * @throws IllegalStateException if no {@code redis-server} binary is found or it does not come up in time
     */
    public static RedisServer start() {
        return start(new Options());
    }

    /**
     * Starts a server with the given options.
     *
     * @param options how to run it; copied, later changes have no effect
     * @return the running server, answering commands
     * @throws IllegalStateException if no {@code redis-server} binary is found or it does not come up in time
     */
    public static RedisServer start(Options options) {
        Objects.requireNonNull(options, "options");
        Path executable = resolveExecutable(options.binary);
        Path dir;
        try {
            dir = Files.createTempDirectory("redstreams-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for redis-server", e);
        }
        RedisServer server = new RedisServer(options, executable, dir, options.port);
        LIVE.add(server);
        try {
            server.startFirstTime();
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /**
     * Finds a TCP port on 127.0.0.1 that is free right now. Another process may take it before it is used, which
     * is why {@link #start(Options)} retries on a bind failure; useful for extra listeners such as
     * {@code --tls-port}.
     *
     * @return a currently free port
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            // no SO_REUSEADDR: a port still in TIME_WAIT for someone else should not be handed out
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(HOST, 0), 1);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + HOST, e);
        }
    }

    /** @return always {@code 127.0.0.1}: the server never listens on other interfaces */
    public String host() {
        return HOST;
    }

    /** @return the port; it stays the same across {@link #restart()} */
    public synchronized int port() {
        return port;
    }

    /** @return {@code redis://127.0.0.1:<port>}, without credentials (see {@link #password()}) */
    public String url() {
        return "redis://" + HOST + ":" + port();
    }

    /** @return the {@code requirepass} password of the default user, if one was configured */
    public Optional<String> password() {
        return Optional.ofNullable(options.requirePass);
    }

    /** @return the server's working directory ({@code --dir}): AOF and RDB files live here */
    public Path dir() {
        return dir;
    }

    /** @return the file the server's stdout and stderr are appended to, across restarts */
    public Path logFile() {
        return logFile;
    }

    /** @return whether the process is alive (it may still be loading data) */
    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /**
     * Stops the server gracefully: SIGTERM, which Redis handles exactly like {@code SHUTDOWN} (flushes the AOF,
     * saves an RDB if save points are configured) but needs no credentials, so it also works with ACLs the
     * caller does not know. Escalates to SIGKILL after 10 s. Returns once the port is closed. No-op if not
     * running.
     */
    public synchronized void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        if (!waitFor(p, STOP_TIMEOUT)) {
            LOG.log(Level.WARNING, "redis-server on port {0} ignored SIGTERM for {1}; killing it", port, STOP_TIMEOUT);
            p.destroyForcibly();
            waitFor(p, STOP_TIMEOUT);
        }
        process = null;
        awaitPortClosed();
    }

    /** Kills the server with SIGKILL, like a crash: no AOF flush, no RDB save. Returns once the port is closed. */
    public synchronized void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        waitFor(p, STOP_TIMEOUT);
        process = null;
        awaitPortClosed();
    }

    /**
     * Starts the server again on the same port, in the same directory, with the same options, so data persisted
     * there (e.g. with {@link Options#appendOnly(boolean)}) survives. Stops it first if it is still running.
     *
     * @throws IllegalStateException if it was closed, or does not come up (e.g. someone else took the port)
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("redis-server on port " + port + " was closed; it cannot be restarted");
        }
        stop();
        // no retry on another port here: keeping the port is the whole point of a restart
        launchAndAwait(port);
    }

    /** Stops the server and deletes its directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            deleteRecursively(dir);
            LIVE.remove(this);
        }
    }

    @Override
    public String toString() {
        return "RedisServer[" + url() + ", dir=" + dir + (isRunning() ? "" : ", stopped") + "]";
    }

    private synchronized void startFirstTime() {
        for (int attempt = 1; ; attempt++) {
            int candidate = fixedPort ? port : freePort();
            // a fresh log per attempt, so an old "Address already in use" cannot misclassify a later failure
            deleteQuietly(logFile);
            try {
                launchAndAwait(candidate);
                port = candidate;
                return;
            } catch (PortTakenException e) {
                // another process grabbed the port between freePort() and the bind: try a new one
                if (fixedPort || attempt >= BIND_ATTEMPTS) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
                LOG.log(Level.DEBUG, "port {0} was taken before redis-server could bind it; retrying", candidate);
            }
        }
    }

    private void launchAndAwait(int onPort) {
        List<String> command = command(onPort);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        Process started;
        try {
            started = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + executable + ": " + e.getMessage() + "; " + INSTALL_HINT, e);
        }
        process = started;
        awaitReady(started, onPort);
        LOG.log(Level.DEBUG, "redis-server pid {0} ready on {1}:{2} (dir {3})",
                started.pid(), HOST, onPort, dir);
    }

    private List<String> command(int onPort) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        Collections.addAll(command,
                "--port", Integer.toString(onPort),
                "--bind", HOST,
                "--dir", dir.toString(),
                "--daemonize", "no",
                // no RDB snapshots and no AOF unless asked: fast and nothing survives by accident
                "--save", "",
                "--appendonly", "no");
        if (options.appendOnly) {
            // fsync on every write, so data acknowledged before a kill() is still there after restart()
            Collections.addAll(command, "--appendonly", "yes", "--appendfsync", "always");
        }
        if (options.requirePass != null) {
            Collections.addAll(command, "--requirepass", options.requirePass);
        }
        for (String aclLine : options.aclLines) {
            // redis-server joins the words following "--user" into one "user ..." config line
            command.add("--user");
            Collections.addAll(command, aclLine.trim().split("\\s+"));
        }
        // raw args last: for scalar settings the last occurrence wins, so they can override the defaults above
        command.addAll(options.args);
        return command;
    }

    /**
     * Polls until the process answers on the port. Being ready is checked by the process id reported by
     * {@code INFO server}, not by a mere answer, because another process may have taken the port: it would answer
     * while our redis-server is still failing to bind.
     */
    private void awaitReady(Process p, int onPort) {
        long deadline = System.nanoTime() + options.startupTimeout.toNanos();
        while (true) {
            if (!p.isAlive()) {
                String tail = logTail();
                String message = "redis-server exited with code " + p.exitValue() + " during startup on port "
                        + onPort + "; command: " + String.join(" ", command(onPort)) + "\n--- " + logFile + " ---\n"
                        + tail;
                process = null;
                if (tail.contains("Address already in use")) {
                    throw new PortTakenException(message);
                }
                throw new IllegalStateException(message);
            }
            Probe result = probe(p, onPort);
            if (result == Probe.READY) {
                return;
            }
            if (result == Probe.SOMEONE_ELSE) {
                // our process will notice the bind failure and exit; the loop above reports it
                LOG.log(Level.DEBUG, "another process answers on port {0}", onPort);
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                waitFor(p, STOP_TIMEOUT);
                process = null;
                throw new IllegalStateException("redis-server did not answer on " + HOST + ":" + onPort + " within "
                        + options.startupTimeout + "\n--- " + logFile + " ---\n" + logTail());
            }
            pause();
        }
    }

    private enum Probe { NOT_YET, READY, SOMEONE_ELSE }

    private Probe probe(Process p, int onPort) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .resp2().autoNegotiateProtocol(false)
                // short: something that accepts but never answers (not Redis) must not stall the loop that
                // notices our own process dying on a bind error
                .timeoutMillis(250)
                // CLIENT SETINFO does not exist before Redis 7.2; skipping it keeps the probe a single round trip
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        if (options.requirePass != null) {
            config.password(options.requirePass);
        }
        try (Jedis jedis = new Jedis(new HostAndPort(HOST, onPort), config.build())) {
            String info = jedis.info("server");
            if (!info.contains("process_id:" + p.pid() + "\r\n") && !info.contains("process_id:" + p.pid() + "\n")) {
                return Probe.SOMEONE_ELSE;
            }
            // INFO answers while the data set is still loading (after a restart with AOF or RDB), and other commands
            // then get LOADING: the server is ready only once a data command is served (LOADING lands below)
            if (!jedis.info("persistence").contains("loading:0")) {
                return Probe.NOT_YET;
            }
            jedis.exists("redstreams-readiness-probe");
            return Probe.READY;
        } catch (JedisConnectionException e) {
            return Probe.NOT_YET;
        } catch (JedisDataException e) {
            String message = String.valueOf(e.getMessage());
            if (message.startsWith("LOADING") || message.startsWith("BUSY")) {
                return Probe.NOT_YET;
            }
            // it answers but won't tell us (e.g. raw ACL args disabled the default user): trust liveness
            return p.isAlive() ? Probe.READY : Probe.NOT_YET;
        }
    }

    private void awaitPortClosed() {
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), 200);
            } catch (IOException refused) {
                return;
            }
            pause();
        }
        // our process is gone, so whoever answers now is not ours: not worth failing a test over
        LOG.log(Level.WARNING, "port {0} still accepts connections after redis-server exited", port);
    }

    String logTail() {
        try {
            if (!Files.exists(logFile)) {
                return "(no log written)";
            }
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    private static Path resolveExecutable(String binary) {
        Path given = Paths.get(binary);
        if (given.getNameCount() > 1 || given.isAbsolute()) {
            if (Files.isRegularFile(given) && Files.isExecutable(given)) {
                return given;
            }
            throw new IllegalStateException("redis-server binary not found or not executable: " + given
                    + "; " + INSTALL_HINT);
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                if (entry.isEmpty()) {
                    continue;
                }
                Path candidate = Paths.get(entry).resolve(binary);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("'" + binary + "' not found on the PATH (" + path + "); " + INSTALL_HINT);
    }

    private static void reapAll() {
        for (RedisServer server : LIVE) {
            Process p = server.process;
            if (p != null) {
                // SIGKILL: the JVM is going away and nobody will read this data again, so don't wait for a flush
                p.destroyForcibly();
                waitFor(p, Duration.ofSeconds(2));
            }
            deleteRecursively(server.dir);
        }
    }

    private static boolean waitFor(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PROBE_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }

    private static File nullFile() {
        return new File(File.separatorChar == '\\' ? "NUL" : "/dev/null");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "cannot delete " + file, e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.WARNING, "cannot delete " + root, e);
        }
    }

    /** Signals a start that failed only because the port was taken, which is worth a retry on another port. */
    private static final class PortTakenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }

    /**
     * How to run a {@link RedisServer}: a small mutable parameter object with fluent setters.
     *
     * <pre>{@code
     * new RedisServer.Options()
     *         .appendOnly(true)
     *         .requirePass("s3cret")
     *         .aclLine("alice on >pw ~* &* +@all")
     *         .args("--maxmemory", "64mb");
     * }</pre>
     */
    public static final class Options {
        private String binary = "redis-server";
        private int port;
        private boolean appendOnly;
        private String requirePass;
        private final List<String> aclLines = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private Duration startupTimeout = Duration.ofSeconds(10);

        /** Creates default options: {@code redis-server} from the PATH, a free port, no persistence. */
        public Options() {
        }

        /**
         * @param binary a name looked up on the PATH (default {@code redis-server}) or a path to the executable
         * @return this
         */
        public Options binary(String binary) {
            this.binary = Objects.requireNonNull(binary, "binary");
            return this;
        }

        /**
         * @param port a fixed port, or 0 (the default) to pick a free one and retry on another if it gets taken
         * @return this
         */
        public Options port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @param appendOnly {@code true} for {@code --appendonly yes --appendfsync always}: every acknowledged write
         *     survives {@link RedisServer#kill()} and {@link RedisServer#restart()}
         * @return this
         */
        public Options appendOnly(boolean appendOnly) {
            this.appendOnly = appendOnly;
            return this;
        }

        /**
         * @param password the {@code requirepass} of the default user; the probe and the test admin connection use
         *     it
         * @return this
         */
        public Options requirePass(String password) {
            this.requirePass = password;
            return this;
        }

        /**
         * Adds an ACL user, like a {@code user} line of {@code redis.conf}.
         *
         * @param aclLine e.g. {@code "alice on >pw ~* &* +@all"} (without the leading {@code user})
         * @return this
         */
        public Options aclLine(String aclLine) {
            aclLines.add(Objects.requireNonNull(aclLine, "aclLine"));
            return this;
        }

        /**
         * Adds raw command-line arguments, passed after all others so they win, e.g. TLS settings
         * ({@code "--tls-port", "6380", "--tls-cert-file", ...}). Do not pass {@code --port} or {@code --dir}: use
         * {@link #port(int)}; the directory is always a fresh temp dir.
         *
         * @param args the arguments, each a separate word
         * @return this
         */
        public Options args(String... args) {
            Collections.addAll(this.args, args);
            return this;
        }

        /**
         * @param args the arguments, each a separate word; see {@link #args(String...)}
         * @return this
         */
        public Options args(List<String> args) {
            this.args.addAll(args);
            return this;
        }

        /**
         * @param timeout how long a start or restart may take before it fails with the log tail (default 10 s)
         * @return this
         */
        public Options startupTimeout(Duration timeout) {
            this.startupTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        Options copy() {
            Options copy = new Options();
            copy.binary = binary;
            copy.port = port;
            copy.appendOnly = appendOnly;
            copy.requirePass = requirePass;
            copy.aclLines.addAll(aclLines);
            copy.args.addAll(args);
            copy.startupTimeout = startupTimeout;
            return copy;
        }

        @Override
        public String toString() {
            return "Options[binary=" + binary + ", port=" + port + ", appendOnly=" + appendOnly
                    + ", requirePass=" + (requirePass == null ? "none" : "***") + ", aclLines=" + aclLines.size()
                    + ", args=" + args + "]";
        }
    }
}
