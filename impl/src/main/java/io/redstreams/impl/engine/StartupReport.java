package io.redstreams.impl.engine;

import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import io.redstreams.impl.config.ConfigKeys;
import io.redstreams.impl.config.RedStreamsConfig;
import io.redstreams.impl.consumer.ConsumerSpec;

/**
 * What a deployment logs once, when the container validates it, so that a new user sees at once what the library
 * is about to do: which Redis (never with credentials), where the configuration came from, and which
 * {@code @StreamConsumer} methods were found. It warns about the two silent mistakes of a first application: a
 * {@code META-INF/microprofile-config.properties} that nothing reads, and no consumer found at all.
 */
public final class StartupReport {

    /** The file MicroProfile Config reads; without an implementation it is silently ignored. */
    public static final String CONFIG_FILE = "META-INF/microprofile-config.properties";

    private static final Logger LOG = Logger.getLogger(StartupReport.class.getName());

    private StartupReport() {
    }

    /**
     * Logs the Redis and the configuration source (INFO), and a WARNING when {@value #CONFIG_FILE} is on the class
     * path but no MicroProfile Config implementation can read it.
     */
    public static void configuration(EngineSettings settings, ClassLoader loader) {
        RedStreamsConfig config = settings.config();
        Optional<String> implementation = MicroProfileConfigLookup.implementation(loader);
        String source = implementation.map(name -> "MicroProfile Config (" + name + ")")
                .orElse("system properties and environment variables only (no MicroProfile Config implementation"
                        + " on the class path)");
        LOG.info(() -> "redstreams: Redis " + redis(config) + "; configuration from " + source);
        if (implementation.isEmpty() && loader.getResource(CONFIG_FILE) != null) {
            LOG.warning(() -> "redstreams: " + CONFIG_FILE + " is on the class path, but no MicroProfile Config"
                    + " implementation is, so it is ignored and only system properties and environment variables"
                    + " count (" + ConfigKeys.REDIS_URL.name() + " is " + redis(config) + "). Add one, e.g."
                    + " io.smallrye.config:smallrye-config, or set the keys as system properties (-D"
                    + ConfigKeys.REDIS_URL.name() + "=...) or environment variables (REDSTREAMS_REDIS_URL=...)");
        }
    }

    /**
     * Logs the consumer methods found, one per line as {@code Class#method -> stream/group}, or a WARNING when there
     * is none: a method of a class that is not a bean is never found.
     */
    public static void consumers(List<ConsumerSpec> specs, boolean enabled) {
        if (specs.isEmpty()) {
            LOG.warning(() -> "redstreams: no @StreamConsumer method found. Only methods of CDI beans are found: in"
                    + " Weld SE the jar or directory of the classes needs a META-INF/beans.xml (bean-discovery-mode"
                    + " \"all\", or \"annotated\" with a bean-defining annotation such as @ApplicationScoped on the"
                    + " class), or add the classes with SeContainerInitializer.addBeanClasses(...)");
            return;
        }
        StringBuilder s = new StringBuilder("redstreams: ").append(specs.size())
                .append(specs.size() == 1 ? " @StreamConsumer method" : " @StreamConsumer methods")
                .append(enabled ? "" : " (not started: " + ConfigKeys.CONSUMER_ENABLED.name() + "=false)").append(':');
        for (ConsumerSpec spec : specs) {
            s.append("\n  ").append(spec.name()).append(" -> ").append(spec.stream()).append('/').append(spec.group());
        }
        LOG.info(s::toString);
    }

    private static String redis(RedStreamsConfig config) {
        if (!"standalone".equals(config.get(ConfigKeys.HOSTING))) {
            Optional<ServerHosting> server = ServerHosting.installed();
            if (server.isPresent()) {
                return "of " + server.get().describe();
            }
        }
        return config.redisSettings().target(); // the URL without credentials, or the sentinels or cluster seeds
    }
}
