package io.redstreams.ra;

import java.util.List;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ResourceAdapterInternalException;

/**
 * A resource adapter started on a {@link TestBootstrapContext}, configured for quick tests
 * (short blocking reads and backoffs), plus what tests ask of it.
 */
final class StartedAdapter implements AutoCloseable {

    final RedStreamsResourceAdapter adapter;
    final TestBootstrapContext context;

    private StartedAdapter(RedStreamsResourceAdapter adapter, TestBootstrapContext context) {
        this.adapter = adapter;
        this.context = context;
    }

    /** An adapter with test timings for the Redis at {@code url}; not started. */
    static RedStreamsResourceAdapter configured(String url) {
        RedStreamsResourceAdapter adapter = new RedStreamsResourceAdapter();
        adapter.setRedisUrl(url);
        adapter.setConsumerBlockMs(200L);
        adapter.setRetryInitialBackoffMs(20L);
        adapter.setRetryMaxBackoffMs(200L);
        adapter.setReconnectMaxBackoffMs(200L);
        adapter.setShutdownTimeoutMs(5000L);
        return adapter;
    }

    static StartedAdapter start(String url) throws ResourceAdapterInternalException {
        return start(configured(url), new TestBootstrapContext());
    }

    static StartedAdapter start(String url, TestTransactions transactions) throws ResourceAdapterInternalException {
        return start(configured(url), new TestBootstrapContext(transactions));
    }

    static StartedAdapter start(RedStreamsResourceAdapter adapter, TestBootstrapContext context)
            throws ResourceAdapterInternalException {
        adapter.start(context);
        return new StartedAdapter(adapter, context);
    }

    static RedStreamsActivationSpec spec(String stream, String group) {
        RedStreamsActivationSpec spec = new RedStreamsActivationSpec();
        spec.setStream(stream);
        spec.setGroup(group);
        return spec;
    }

    void activate(RecordingEndpointFactory factory, RedStreamsActivationSpec spec) throws ResourceException {
        spec.setResourceAdapter(adapter);
        adapter.endpointActivation(factory, spec);
    }

    TestWorkManager workManager() {
        return context.getWorkManager();
    }

    RunningAdapter running() throws ResourceException {
        return adapter.running();
    }

    /** An outbound connection definition of this adapter. */
    RedStreamsManagedConnectionFactory managedConnectionFactory() throws ResourceException {
        RedStreamsManagedConnectionFactory factory = new RedStreamsManagedConnectionFactory();
        factory.setResourceAdapter(adapter);
        return factory;
    }

    /** Names of live threads of the JVM that start with {@code redstreams}. */
    static List<String> redstreamsThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("redstreams")).toList();
    }

    @Override
    public void close() {
        adapter.stop();
    }
}
