package io.redstreams.impl.consumer;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default consumer name: stable across restarts of one instance, different between instances in the usual
 * deployments. {@code HOSTNAME} from the environment (on Kubernetes the pod name, stable for a StatefulSet), else the
 * host's name; followed by the application server's instance name where it has one that differs from the host
 * ({@code jboss.node.name} on WildFly, {@code com.sun.aas.instanceName} on GlassFish and Payara). A name found in use
 * by another live instance at start is replaced by {@link #withPid(String)}.
 */
final class ConsumerNames {

    private static final String[] SERVER_INSTANCE_PROPERTIES = {"jboss.node.name", "com.sun.aas.instanceName"};
    /**
     * How many running consumer sets of this JVM use each name (in a server, one per message-driven bean): their
     * lease connections are ours, not another instance's.
     */
    private static final Map<String, Integer> IN_USE_HERE = new ConcurrentHashMap<>();

    private ConsumerNames() {
    }

    static String stableDefault() {
        String host = host();
        for (String property : SERVER_INSTANCE_PROPERTIES) {
            String instance = System.getProperty(property);
            if (instance != null && !instance.isBlank() && !instance.equalsIgnoreCase(host)
                    && !instance.toLowerCase(Locale.ROOT).startsWith(host.toLowerCase(Locale.ROOT) + ".")) {
                return host + "-" + instance.trim();
            }
        }
        return host;
    }

    /** Records that a consumer set of this JVM uses {@code name} (and holds a lease connection named for it). */
    static void inUseHere(String name) {
        IN_USE_HERE.merge(name, 1, Integer::sum);
    }

    /** Undoes {@link #inUseHere(String)}. */
    static void releasedHere(String name) {
        IN_USE_HERE.computeIfPresent(name, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** How many consumer sets of this JVM use {@code name}. */
    static int usedHere(String name) {
        return IN_USE_HERE.getOrDefault(name, 0);
    }

    /** {@code <name>-<pid>}: unique among the JVMs of one host. */
    static String withPid(String name) {
        return name + "-" + ProcessHandle.current().pid();
    }

    private static String host() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
