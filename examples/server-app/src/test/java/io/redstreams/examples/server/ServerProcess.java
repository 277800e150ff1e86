package io.redstreams.examples.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Starts WildFly or Payara Micro with the adapter and the application exactly as the example's README says, on
 * free ports, with the server's output in {@code target/<kind>.log}; closing it stops the server (SIGTERM to the
 * server JVM, then a kill after 60 s).
 */
final class ServerProcess implements AutoCloseable {

    static final String RAR = "redstreams-resource-adapter.rar";
    static final String WAR = "redstreams-server-app.war";

    private final Process process;
    private final int httpPort;
    private final Path log;
    private final Path failedMarkers;

    private ServerProcess(Process process, int httpPort, Path log, Path failedMarkers) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
        this.failedMarkers = failedMarkers;
    }

    static ServerProcess start(String kind, String redisUrl) throws IOException {
        Path home = Path.of(required("server.home"));
        Path rar = Path.of(required("server.rar"));
        Path war = Path.of(required("server.war"));
        Path log = Path.of(required("server.log.dir")).resolve(kind + ".log");
        List<String> command = new ArrayList<>();
        int httpPort;
        Path markers = null;
        if ("wildfly".equals(kind)) {
            // README: cp the two archives into standalone/deployments, then
            // bin/standalone.sh -c standalone-full.xml -Dejb.resource-adapter-name=redstreams-resource-adapter.rar
            //     -Dredstreams.redis.url=...
            Path deployments = home.resolve("standalone/deployments");
            try (var old = Files.list(deployments)) {
                for (Path p : old.toList()) {
                    if (p.getFileName().toString().startsWith("redstreams-")) {
                        Files.delete(p);
                    }
                }
            }
            Files.copy(rar, deployments.resolve(RAR), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(war, deployments.resolve(WAR), StandardCopyOption.REPLACE_EXISTING);
            int offset = freeOffset();
            httpPort = 8080 + offset;
            markers = deployments;
            command.addAll(List.of(home.resolve("bin/standalone.sh").toString(), "-c", "standalone-full.xml",
                    "-Dejb.resource-adapter-name=" + RAR, "-Dredstreams.redis.url=" + redisUrl,
                    "-Djboss.socket.binding.port-offset=" + offset));
        } else if ("payara".equals(kind)) {
            // README: java -Dredstreams.redis.url=... -jar payara-micro.jar --nocluster
            //     --deploy redstreams-resource-adapter.rar --deploy redstreams-server-app.war
            httpPort = freePort();
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx768m", "-Dredstreams.redis.url=" + redisUrl, "-jar", home.toString(), "--nocluster",
                    "--port", String.valueOf(httpPort), "--sslport", String.valueOf(freePort()),
                    "--deploy", rar.toString(), "--deploy", war.toString()));
        } else {
            throw new IllegalArgumentException("server.kind must be wildfly or payara, was " + kind);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_OPTS", "-Xms128m -Xmx768m -XX:+UseSerialGC");
        return new ServerProcess(builder.start(), httpPort, log, markers);
    }

    /** The application's base URL. */
    String baseUrl() {
        return "http://127.0.0.1:" + httpPort + "/redstreams-server-app";
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** A reason to stop waiting: the server died, or WildFly marked a deployment as failed. */
    String failure() throws IOException {
        if (!process.isAlive()) {
            return "the server exited with " + process.exitValue();
        }
        if (failedMarkers != null) {
            for (String name : List.of(RAR, WAR)) {
                Path failed = failedMarkers.resolve(name + ".failed");
                if (Files.exists(failed)) {
                    return name + " failed to deploy: " + Files.readString(failed);
                }
            }
        }
        return null;
    }

    /** Writes a thread dump of the server JVM(s) next to the log, for a server that does not answer; returns where. */
    String dumpThreads() {
        Path dump = log.resolveSibling(log.getFileName().toString().replace(".log", "-threads.txt"));
        List<ProcessHandle> jvms = new ArrayList<>(process.descendants().toList());
        jvms.add(process.toHandle());
        try {
            for (ProcessHandle jvm : jvms) {
                Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        String.valueOf(jvm.pid()), "Thread.print").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(dump.toFile())).start();
                jcmd.waitFor(30, TimeUnit.SECONDS);
            }
            return dump.toString();
        } catch (IOException e) {
            return "(no thread dump: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** The last lines of the server's output, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        // standalone.sh starts the server JVM as its child: signal the JVMs, not just the script
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set: run this test with"
                    + " -Pwildfly or -Ppayara (see examples/server-app/README.md)");
        }
        return value;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A WildFly port offset whose four ports (8080, 8443, 9990, 9993 + offset) are free. */
    private static int freeOffset() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(20_000, 45_000);
            if (free(8080 + offset) && free(8443 + offset) && free(9990 + offset) && free(9993 + offset)) {
                return offset;
            }
        }
        throw new IOException("no free WildFly port offset found");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return socket.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }
}
