package io.redstreams.cdi;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

import io.redstreams.ConsumerInfo;
import io.redstreams.DeadLetter;
import io.redstreams.GroupInfo;
import io.redstreams.PendingEntry;
import io.redstreams.PendingSummary;
import io.redstreams.ProducerStatus;
import io.redstreams.ReplayResult;
import io.redstreams.StreamAdmin;

/**
 * The injectable {@link StreamAdmin}: delegates to the admin view of the engine the extension created. A synthetic
 * bean registered by {@link RedStreamsExtension}, like {@link CdiStreamProducer}; after the application stopped it
 * fails with {@link IllegalStateException}.
 */
final class CdiStreamAdmin implements StreamAdmin {

    private final RedStreamsExtension extension;

    CdiStreamAdmin(RedStreamsExtension extension) {
        this.extension = extension;
    }

    private StreamAdmin engine() {
        return extension.engine().admin();
    }

    @Override
    public List<GroupInfo> groups(String stream) {
        return engine().groups(stream);
    }

    @Override
    public List<ConsumerInfo> consumers(String stream, String group) {
        return engine().consumers(stream, group);
    }

    @Override
    public PendingSummary pendingSummary(String stream, String group) {
        return engine().pendingSummary(stream, group);
    }

    @Override
    public List<PendingEntry> pending(String stream, String group, int count) {
        return engine().pending(stream, group, count);
    }

    @Override
    public List<PendingEntry> pending(String stream, String group, String fromId, String toId, int count) {
        return engine().pending(stream, group, fromId, toId, count);
    }

    @Override
    public List<PendingEntry> pending(String stream, String group, String consumer, String fromId, String toId,
                                      int count) {
        return engine().pending(stream, group, consumer, fromId, toId, count);
    }

    @Override
    public List<DeadLetter> deadLetters(String deadLetterStream, int count) {
        return engine().deadLetters(deadLetterStream, count);
    }

    @Override
    public List<DeadLetter> deadLetters(String deadLetterStream, String fromId, String toId, int count) {
        return engine().deadLetters(deadLetterStream, fromId, toId, count);
    }

    @Override
    public ReplayResult replayAll(String deadLetterStream) {
        return engine().replayAll(deadLetterStream);
    }

    @Override
    public ReplayResult replay(String deadLetterStream, Collection<String> deadLetterIds) {
        return engine().replay(deadLetterStream, deadLetterIds);
    }

    @Override
    public ReplayResult replayIf(String deadLetterStream, Predicate<? super DeadLetter> filter) {
        return engine().replayIf(deadLetterStream, filter);
    }

    @Override
    public ReplayResult replayWhereReason(String deadLetterStream, Predicate<String> reasonFilter) {
        return engine().replayWhereReason(deadLetterStream, reasonFilter);
    }

    @Override
    public List<String> deleteEmptyConsumers(String stream, String group, Duration minIdle) {
        return engine().deleteEmptyConsumers(stream, group, minIdle);
    }

    @Override
    public ProducerStatus producerStatus() {
        return engine().producerStatus();
    }
}
