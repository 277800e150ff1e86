package io.redstreams.impl.consumer;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Describes a failure without trusting it: an application's exception may throw from {@code getMessage()} or
 * {@code toString()}, return {@code null}, return megabytes, or have a cause chain that loops or throws. Every
 * method here returns normally whatever the throwable does. Thread-safe (stateless).
 */
public final class Failures {

    /** Longest description kept, in characters: the dead-letter {@code error} field and log lines. */
    public static final int MAX_REASON_CHARS = 2000;

    private Failures() {
    }

    /**
     * {@code ClassName: message}, at most {@link #MAX_REASON_CHARS} characters; a message that cannot be read is
     * replaced with a note saying why.
     */
    public static String describe(Throwable t) {
        if (t == null) {
            return "unknown failure";
        }
        String type = t.getClass().getName();
        String message;
        try {
            message = t.getMessage();
        } catch (Throwable unreadable) {
            message = "(getMessage() threw " + unreadable.getClass().getName() + ")";
        }
        return cap(message == null || message.isEmpty() ? type : type + ": " + message);
    }

    /** {@code prefix + describe(t)}, capped as a whole. */
    public static String describe(String prefix, Throwable t) {
        return cap(prefix + describe(t));
    }

    /** {@code prefix + message}, capped; for messages of our own. */
    public static String reason(String prefix, String message) {
        return cap(prefix + message);
    }

    /** Whether the failure is, or was caused by, an interrupt; a cause chain that throws counts as not. */
    public static boolean causedByInterrupt(Throwable failure) {
        try {
            Throwable t = failure;
            for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
                if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException) {
                    return true;
                }
            }
        } catch (Throwable unreadable) {
            // a getCause() that throws: not an interrupt we can see
        }
        return false;
    }

    /**
     * Logs {@code message} with the failure's description and, when the failure can be printed safely, its stack
     * trace: the stack is that of a stand-in carrying the original's trace, so a {@code toString()} that throws
     * cannot break the log handler.
     */
    public static void log(Logger logger, Level level, String message, Throwable failure) {
        if (!logger.isLoggable(level)) {
            return;
        }
        try {
            LogRecord record = new LogRecord(level, failure == null ? message : message + ": " + describe(failure));
            record.setLoggerName(logger.getName());
            record.setThrown(standIn(failure));
            logger.log(record);
        } catch (Throwable ignored) {
            // logging must never be what ends a loop
        }
    }

    private static Throwable standIn(Throwable failure) {
        if (failure == null) {
            return null;
        }
        Throwable copy = new Throwable(describe(failure), null, false, true) {
            @Override
            public String toString() {
                return getMessage();
            }
        };
        try {
            copy.setStackTrace(failure.getStackTrace());
        } catch (Throwable ignored) {
            // no trace, then
        }
        return copy;
    }

    private static String cap(String s) {
        if (s.length() <= MAX_REASON_CHARS) {
            return s;
        }
        int end = MAX_REASON_CHARS;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "... (" + (s.length() - end) + " more characters)";
    }
}
