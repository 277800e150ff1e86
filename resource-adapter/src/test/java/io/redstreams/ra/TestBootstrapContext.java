package io.redstreams.ra;

import java.util.Timer;

import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.XATerminator;
import jakarta.resource.spi.work.HintsContext;
import jakarta.resource.spi.work.WorkContext;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * What a server hands the adapter on start, reduced to a {@link TestWorkManager} and, if the test
 * wants container transactions, a {@link TestTransactions} registry.
 */
final class TestBootstrapContext implements BootstrapContext {

    private final TestWorkManager workManager = new TestWorkManager();
    private final TestTransactions transactions;

    TestBootstrapContext() {
        this(null);
    }

    TestBootstrapContext(TestTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public TestWorkManager getWorkManager() {
        return workManager;
    }

    @Override
    public XATerminator getXATerminator() {
        return null;
    }

    /** The adapter creates no timers (they would outlive an undeployment); a test that sees this fail learns it does. */
    @Override
    public Timer createTimer() {
        throw new UnsupportedOperationException("the adapter must not create timers");
    }

    @Override
    public boolean isContextSupported(Class<? extends WorkContext> contextClass) {
        return contextClass == HintsContext.class;
    }

    @Override
    public TransactionSynchronizationRegistry getTransactionSynchronizationRegistry() {
        return transactions;
    }
}
