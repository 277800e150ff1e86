package io.redstreams.ra;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import javax.transaction.xa.XAResource;

import io.redstreams.StreamListener;
import io.redstreams.StreamMessage;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

/**
 * Plays the EJB container's part for one message-driven bean: its endpoints record every call
 * ({@code before}, {@code message <id>}, {@code after}, {@code release}) and the thread each
 * message ran on, and do what the test says in {@code onMessage} and {@code afterDelivery}. With
 * {@link TestTransactions}, {@code beforeDelivery} begins a container transaction and
 * {@code afterDelivery} completes it, rolling back when the bean threw, as a container does for a
 * system exception.
 */
final class RecordingEndpointFactory implements MessageEndpointFactory {

    /** What the bean does with a message; may throw. */
    interface OnMessage {
        void accept(StreamMessage<?> message) throws Exception;
    }

    /** What the container does in afterDelivery before completing the transaction; may throw. */
    interface AfterDelivery {
        void run() throws ResourceException;
    }

    /** What the container does in createEndpoint before handing out an endpoint; may refuse. */
    interface CreateEndpoint {
        void run() throws UnavailableException;
    }

    /** What the container does in beforeDelivery before beginning the transaction; may refuse. */
    interface BeforeDelivery {
        void run() throws ResourceException;
    }

    private final Class<?> beanClass;
    private final TestTransactions transactions;
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<StreamMessage<?>> messages = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    final List<ClassLoader> contextLoaders = new CopyOnWriteArrayList<>();
    volatile OnMessage onMessage = message -> { };
    volatile AfterDelivery afterDelivery = () -> { };
    volatile CreateEndpoint createEndpoint = () -> { };
    volatile BeforeDelivery beforeDelivery = () -> { };
    volatile Runnable releaseHook = () -> { };
    /** Calls of createEndpoint, refused ones included. */
    final AtomicInteger createEndpointCalls = new AtomicInteger();

    /**
     * @param beanClass    the "MDB" class the container reports, for the payload type
     * @param transactions {@code null} for a bean without container transactions
     */
    RecordingEndpointFactory(Class<?> beanClass, TestTransactions transactions) {
        this.beanClass = beanClass;
        this.transactions = transactions;
    }

    RecordingEndpointFactory(Class<?> beanClass) {
        this(beanClass, null);
    }

    /** Shortcut for a bean that always fails. */
    RecordingEndpointFactory failing(String why) {
        onMessage = message -> {
            throw new IllegalStateException(why);
        };
        return this;
    }

    RecordingEndpointFactory onEachMessage(Consumer<StreamMessage<?>> action) {
        onMessage = action::accept;
        return this;
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource) throws UnavailableException {
        createEndpointCalls.incrementAndGet();
        createEndpoint.run();
        return new Endpoint();
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource, long timeout) throws UnavailableException {
        return createEndpoint(xaResource);
    }

    @Override
    public boolean isDeliveryTransacted(Method method) {
        return transactions != null;
    }

    @Override
    public String getActivationName() {
        return beanClass.getSimpleName();
    }

    @Override
    public Class<?> getEndpointClass() {
        return beanClass;
    }

    /** The container's proxy for one bean instance: a listener and a message endpoint. */
    final class Endpoint implements MessageEndpoint, StreamListener<Object> {

        private boolean failed;

        @Override
        public void beforeDelivery(Method method) throws ResourceException {
            events.add("before " + method.getName());
            beforeDelivery.run();
            if (transactions != null) {
                transactions.begin();
            }
        }

        @Override
        public void onMessage(StreamMessage<Object> message) {
            events.add("message " + message.id());
            messages.add(message);
            threads.add(Thread.currentThread());
            contextLoaders.add(Thread.currentThread().getContextClassLoader());
            try {
                onMessage.accept(message);
            } catch (RuntimeException e) {
                failed = true;
                throw e;
            } catch (Exception e) {
                failed = true;
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void afterDelivery() throws ResourceException {
            events.add("after");
            try {
                afterDelivery.run();
            } catch (ResourceException | RuntimeException e) {
                failed = true;
                throw e;
            } finally {
                if (transactions != null) {
                    if (failed) {
                        transactions.setRollbackOnly();
                    }
                    transactions.complete();
                }
            }
        }

        @Override
        public void release() {
            events.add("release");
            releaseHook.run();
        }
    }
}
