package io.redstreams.security;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures every JUL record (a handler on the root logger), with redstreams', Jedis' (through slf4j-jdk14) and
 * Commons Pool's loggers opened up to {@code ALL} while it is installed; each record is kept as its formatted
 * message plus the full stack trace of its exception, so secrets can be searched for in all of it.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private static final String[] LOUD = {"io.redstreams", "redis.clients", "org.apache.commons.pool2"};

    private final List<String> texts = new CopyOnWriteArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<Logger> opened = new ArrayList<>();
    private final List<Level> previous = new ArrayList<>();

    private LogCapture() {
        setLevel(Level.ALL);
    }

    public static LogCapture install() {
        LogCapture capture = new LogCapture();
        for (String name : LOUD) {
            Logger logger = Logger.getLogger(name);
            capture.opened.add(logger);
            capture.previous.add(logger.getLevel());
            logger.setLevel(Level.ALL);
        }
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        StringBuilder s = new StringBuilder();
        s.append(record.getLevel()).append(' ').append(record.getLoggerName()).append(": ");
        try {
            s.append(formatter.formatMessage(record));
        } catch (RuntimeException e) {
            s.append(record.getMessage());
        }
        if (record.getThrown() != null) {
            s.append('\n').append(stackTrace(record.getThrown()));
        }
        texts.add(s.toString());
    }

    static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    public List<String> records() {
        return texts;
    }

    public String all() {
        return String.join("\n", texts);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
        for (int i = 0; i < opened.size(); i++) {
            opened.get(i).setLevel(previous.get(i));
        }
    }
}
