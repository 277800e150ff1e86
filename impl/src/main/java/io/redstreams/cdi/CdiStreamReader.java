package io.redstreams.cdi;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import io.redstreams.ReadRange;
import io.redstreams.StreamMessage;
import io.redstreams.StreamReader;
import io.redstreams.StreamTail;
import io.redstreams.TailOptions;

/**
 * The injectable {@link StreamReader}: delegates to the reader of the engine the extension created (a synthetic
 * bean, like {@link CdiStreamProducer}).
 */
final class CdiStreamReader implements StreamReader {

    private final RedStreamsExtension extension;

    CdiStreamReader(RedStreamsExtension extension) {
        this.extension = extension;
    }

    private StreamReader engine() {
        return extension.engine().reader();
    }

    @Override
    public <T> List<StreamMessage<T>> range(String stream, String fromId, String toId, int count, Class<T> type) {
        return engine().range(stream, fromId, toId, count, type);
    }

    @Override
    public <T> List<StreamMessage<T>> reverseRange(String stream, String fromId, String toId, int count,
                                                   Class<T> type) {
        return engine().reverseRange(stream, fromId, toId, count, type);
    }

    @Override
    public <T> List<StreamMessage<T>> range(String stream, Instant from, Instant to, int count, Class<T> type) {
        return engine().range(stream, from, to, count, type);
    }

    @Override
    public <T> List<StreamMessage<T>> reverseRange(String stream, Instant from, Instant to, int count,
                                                   Class<T> type) {
        return engine().reverseRange(stream, from, to, count, type);
    }

    @Override
    public <T> Stream<StreamMessage<T>> stream(ReadRange range, Class<T> type) {
        return engine().stream(range, type);
    }

    @Override
    public <T> StreamTail<T> tail(String stream, TailOptions options, Class<T> type) {
        return engine().tail(stream, options, type);
    }
}
