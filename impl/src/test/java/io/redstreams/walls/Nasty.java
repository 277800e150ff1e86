package io.redstreams.walls;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Misbehaviour on demand, for the walls tests and the chaos test: throwables of every kind (Errors included),
 * exceptions that are hostile to whoever formats them, stray interrupts and odd completion stages.
 */
public final class Nasty {

    private Nasty() {
    }

    /** Every throwable kind, by name. */
    public static final String[] THROWABLES = {"runtime", "checked", "stack-overflow", "out-of-memory",
        "no-class-def", "init-error", "assertion", "custom-throwable", "message-throws", "message-overflows",
        "message-null", "message-huge", "tostring-throws", "cause-throws"};

    /** Throws the throwable of that kind (real recursion for {@code stack-overflow}). */
    public static void raise(String kind) {
        throw sneaky(of(kind));
    }

    public static Throwable of(String kind) {
        return switch (kind) {
            case "runtime" -> new IllegalStateException("plain failure");
            case "checked" -> new java.io.IOException("checked failure");
            case "stack-overflow" -> overflow();
            case "out-of-memory" -> new OutOfMemoryError("simulated by the application");
            case "no-class-def" -> new NoClassDefFoundError("com/example/Missing");
            case "init-error" -> new ExceptionInInitializerError(new IllegalStateException("static init"));
            case "assertion" -> new AssertionError("assertion failed");
            case "custom-throwable" -> new CustomThrowable();
            case "message-throws" -> new RuntimeException() {
                @Override
                public String getMessage() {
                    throw new IllegalStateException("getMessage throws");
                }
            };
            case "message-overflows" -> new RuntimeException() {
                @Override
                public String getMessage() {
                    return getMessage() + "!"; // a real StackOverflowError, in getMessage
                }
            };
            case "message-null" -> new RuntimeException((String) null);
            case "message-huge" -> new RuntimeException("x".repeat(1_000_000));
            case "tostring-throws" -> new RuntimeException("fine message") {
                @Override
                public String toString() {
                    throw new IllegalStateException("toString throws");
                }
            };
            case "cause-throws" -> new RuntimeException("bad cause") {
                @Override
                public synchronized Throwable getCause() {
                    throw new IllegalStateException("getCause throws");
                }
            };
            default -> new IllegalArgumentException("unknown kind " + kind);
        };
    }

    private static StackOverflowError overflow() {
        try {
            recurse(0);
            throw new AssertionError("unreachable");
        } catch (StackOverflowError e) {
            return e;
        }
    }

    private static int recurse(int n) {
        return recurse(n + 1) + 1;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** A Throwable that is neither an Exception nor an Error. */
    public static final class CustomThrowable extends Throwable {
        private static final long serialVersionUID = 1L;

        CustomThrowable() {
            super("custom throwable");
        }
    }

    /** A stage whose {@code toCompletableFuture()} throws; it completes normally through {@code whenComplete}. */
    public static CompletionStage<Object> stageWithoutFuture(boolean returnsNull) {
        return new CompletionStageProxy(returnsNull);
    }

    /** A stage completed with the throwable of that kind. */
    public static CompletionStage<Object> failedStage(String kind) {
        return CompletableFuture.failedFuture(of(kind));
    }

    /** A completed future whose {@code toCompletableFuture()} throws or returns null. */
    private static final class CompletionStageProxy extends CompletableFuture<Object> {
        private final boolean returnsNull;

        CompletionStageProxy(boolean returnsNull) {
            this.returnsNull = returnsNull;
            complete("done");
        }

        @Override
        public CompletableFuture<Object> toCompletableFuture() {
            if (returnsNull) {
                return null;
            }
            throw new UnsupportedOperationException("no future here");
        }
    }
}
