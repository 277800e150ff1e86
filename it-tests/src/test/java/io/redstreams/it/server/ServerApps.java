package io.redstreams.it.server;

import java.io.File;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import io.redstreams.it.app.Amounts;
import io.redstreams.it.app.BadConsumers;
import io.redstreams.it.app.Order;
import io.redstreams.it.app.OrderConsumer;
import io.redstreams.it.app.Received;
import io.redstreams.it.app.Streams;
import io.redstreams.it.server.app.BusyLog;
import io.redstreams.it.server.app.BusyPoolListenerBean;
import io.redstreams.it.server.app.BusyServlet;
import io.redstreams.it.server.app.ControlServlet;
import io.redstreams.it.server.app.CountedOrders;
import io.redstreams.it.server.app.DeliveryCountResource;
import io.redstreams.it.server.app.DeliveryCountServlet;
import io.redstreams.it.server.app.DeliveryCounts;
import io.redstreams.it.server.app.MdbLog;
import io.redstreams.it.server.app.OrderListenerBean;
import io.redstreams.it.server.app.OrderLog;
import io.redstreams.it.server.app.OpsRestApplication;
import io.redstreams.it.server.app.OrderService;
import io.redstreams.it.server.app.OutboundSender;
import io.redstreams.it.server.app.SentinelConsumer;
import io.redstreams.it.server.app.ReaderServlet;
import io.redstreams.it.server.app.ThreadsServlet;
import io.redstreams.it.server.app.TracedOrderConsumer;
import io.redstreams.it.server.app.TracedOrderResource;
import io.redstreams.it.server.app.TracedOrderService;
import io.redstreams.it.server.app.TraceLog;
import io.redstreams.it.server.app.TracedProducer;
import io.redstreams.it.server.app.TracingApplication;
import io.redstreams.it.server.app.TracingConsumer;
import io.redstreams.it.server.app.TracingResource;

/**
 * The archives the server tests deploy. The applications never contain redstreams itself: its API and engine
 * come from the deployed resource adapter, which is what lets their CDI consumers and producers use the
 * adapter's WorkManager and connections.
 */
public final class ServerApps {

    /** The adapter's deployment name on WildFly; on Payara its name is this without {@code .rar}. */
    public static final String RAR_NAME = "redstreams-resource-adapter.rar";

    private ServerApps() {
    }

    /** The adapter, as the build produced it (copied to {@code target/deployments} by the build). */
    public static ResourceAdapterArchive rar() {
        String path = System.getProperty("redstreams.rar");
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException("the resource adapter is not at " + path + " (system property"
                    + " redstreams.rar; the build copies it from the resource-adapter module)");
        }
        return ShrinkWrap.createFromZipFile(ResourceAdapterArchive.class, new File(path)).as(ResourceAdapterArchive.class);
    }

    /**
     * The adapter configured for Sentinel through its own {@code META-INF/ironjacamar.xml}: the sentinels, the
     * master name, and sends that wait for one replica ({@code producerWaitReplicas}), so that what a send
     * confirmed survives a failover. The Redis URL (scheme, credentials) still comes from the server's system
     * property.
     */
    public static ResourceAdapterArchive sentinelRar(String sentinelNodes, String masterName) {
        ResourceAdapterArchive rar = rar();
        rar.delete("META-INF/ironjacamar.xml");
        return rar.addAsManifestResource(new StringAsset("""
                <?xml version="1.0" encoding="UTF-8"?>
                <ironjacamar xmlns="http://www.ironjacamar.org/doc/schema">
                  <config-property name="sentinelMaster">%s</config-property>
                  <config-property name="sentinelNodes">%s</config-property>
                  <config-property name="producerWaitReplicas">1</config-property>
                  <config-property name="producerWaitTimeoutMs">500</config-property>
                  <transaction-support>NoTransaction</transaction-support>
                  <connection-definitions>
                    <connection-definition class-name="io.redstreams.ra.RedStreamsManagedConnectionFactory"
                                           jndi-name="java:/redstreams/ConnectionFactory" pool-name="redstreams">
                      <pool>
                        <min-pool-size>0</min-pool-size>
                        <max-pool-size>16</max-pool-size>
                      </pool>
                    </connection-definition>
                  </connection-definitions>
                </ironjacamar>
                """.formatted(masterName, sentinelNodes)), "ironjacamar.xml");
    }

    /** The scenario application plus a CDI consumer that only records ({@link SentinelConsumer}). */
    public static WebArchive sentinelApp(String name) {
        return app(name).addClass(SentinelConsumer.class);
    }

    /**
     * The application of scenarios 1, 2, 3 and 6: a stateless bean producing, a CDI consumer, a message-driven
     * bean, the outbound connection factory, and servlets to drive them.
     */
    public static WebArchive app(String name) {
        return web(name)
                .addClasses(Order.class, Amounts.class, Streams.class, Received.class, OrderConsumer.class,
                        OrderService.class, OutboundSender.class, MdbLog.class, OrderListenerBean.class,
                        ControlServlet.class, ThreadsServlet.class);
    }

    /** Just a consumer and a producer (no MDB, no connection factory): what scenario 4 deploys and undeploys. */
    public static WebArchive consumerApp(String name) {
        return web(name)
                .addClasses(Order.class, Amounts.class, Streams.class, Received.class, OrderConsumer.class);
    }

    /**
     * A message-driven bean whose pool has one instance, read by more concurrent deliveries than that (WildFly:
     * the pool is created by the build's configure.cli).
     */
    public static WebArchive busyPoolApp(String name) {
        return web(name).addClasses(Order.class, BusyPoolListenerBean.class, BusyLog.class, BusyServlet.class);
    }

    /** A bean that reads a stream as a log with the injected {@code StreamReader}, and a servlet to drive it. */
    public static WebArchive readerApp(String name) {
        return web(name).addClasses(Order.class, OrderLog.class, ReaderServlet.class);
    }

    /** Reports the server's threads; stays deployed while the application comes and goes. */
    public static WebArchive probe() {
        return ShrinkWrap.create(WebArchive.class, "probe.war").addClass(ThreadsServlet.class);
    }

    /** An application with wrongly declared consumers (scenario 5). */
    public static WebArchive bad(String name) {
        return web(name).addClasses(BadConsumers.class);
    }

    private static WebArchive web(String name) {
        return ShrinkWrap.create(WebArchive.class, name)
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml")
                // WildFly: the adapter's classes (API, engine, CDI extension) for the application; other servers
                // ignore the entry
                .setManifest(new StringAsset("Manifest-Version: 1.0\n"
                        + "Dependencies: deployment." + RAR_NAME + " services\n"));
    }

    /**
     * Health on a server (issue 12): a consumer that counts its deliveries ({@link CountedOrders}) and a JAX-RS
     * resource that reports them ({@code rest/deliveries}). On Payara the JAX-RS resource is also what makes the
     * application's health checks, redstreams' among them, show on {@code /health}: see {@link #plainHealthApp}.
     */
    public static WebArchive healthApp(String name) {
        return web(name).addClasses(Order.class, CountedOrders.class, DeliveryCounts.class,
                OpsRestApplication.class, DeliveryCountResource.class);
    }

    /**
     * {@link #healthApp} with a servlet ({@code deliveries}) instead of the JAX-RS resource: an application with
     * neither a JAX-RS resource nor a health check of its own, which Payara's health container does not handle.
     */
    public static WebArchive plainHealthApp(String name) {
        return web(name).addClasses(Order.class, CountedOrders.class, DeliveryCounts.class,
                DeliveryCountServlet.class);
    }

    /**
     * Tracing on a server (issue 12): a JAX-RS resource calls a {@code @Stateless} producer, whose order a
     * {@code @StreamConsumer} records with the span current in it. MicroProfile Telemetry is switched on by the
     * application's {@code microprofile-config.properties}, with no exporter (the test reads trace ids, not spans).
     */
    public static WebArchive tracingApp(String name) {
        return web(name)
                .addClasses(Order.class, OpsRestApplication.class, TracedOrderResource.class,
                        TracedOrderService.class, TracedOrderConsumer.class)
                .addAsResource(new StringAsset("""
                        otel.sdk.disabled=false
                        otel.service.name=redstreams-it
                        otel.traces.exporter=none
                        otel.metrics.exporter=none
                        otel.logs.exporter=none
                        """), "META-INF/microprofile-config.properties");
    }

    /**
     * The consumer application ({@link #consumerApp(String)}) with {@code redstreams-mp-metrics} in its
     * {@code WEB-INF/lib}: the MicroProfile Metrics binding ships in the application, never in the adapter.
     */
    public static WebArchive mpMetricsApp(String name) {
        return consumerApp(name).addAsLibrary(mpMetricsJar());
    }

    /**
     * {@code redstreams-mp-metrics} as the build produced it: copied next to the adapter (profile {@code payara},
     * {@code target/deployments/redstreams-mp-metrics.jar}).
     */
    public static File mpMetricsJar() {
        return builtJar("redstreams-mp-metrics", "mp-metrics");
    }

    /**
     * {@code redstreams-mp-health} as the build produced it: copied next to the adapter (profile {@code wildfly},
     * {@code target/deployments/redstreams-mp-health.jar}).
     */
    public static File mpHealthJar() {
        return builtJar("redstreams-mp-health", "mp-health");
    }

    private static File builtJar(String artifact, String module) {
        String rar = System.getProperty("redstreams.rar");
        File jar = new File(rar == null ? "target/deployments" : new File(rar).getParent(), artifact + ".jar");
        if (!jar.isFile()) {
            throw new IllegalStateException(artifact + " is not at " + jar + " (the build copies it from the "
                    + module + " module next to the resource adapter)");
        }
        return jar;
    }

    /**
     * A traced application (issue 12): a JAX-RS resource ({@link TracingResource}, traced by the server's
     * MicroProfile Telemetry) calls a {@code @Stateless} producer ({@link TracedProducer}) that records its trace id;
     * a {@code @StreamConsumer} ({@link TracingConsumer}) records the trace id and span current while it runs.
     *
     * @param microprofileConfig the application's {@code META-INF/microprofile-config.properties}, e.g.
     *                           {@code otel.sdk.disabled=false} (MicroProfile Telemetry is off unless the application
     *                           turns it on) and the exporter
     */
    public static WebArchive tracingApp(String name, String microprofileConfig) {
        return web(name)
                .addClasses(Order.class, TraceLog.class, TracedProducer.class, TracingConsumer.class,
                        TracingResource.class, TracingApplication.class)
                .addAsResource(new StringAsset(microprofileConfig), "META-INF/microprofile-config.properties");
    }
}
