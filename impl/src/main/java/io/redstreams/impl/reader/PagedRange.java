package io.redstreams.impl.reader;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import io.redstreams.ReadRange;
import io.redstreams.StreamMessage;
import io.redstreams.impl.redis.RawEntry;

/**
 * Walks a range page by page: one XRANGE (or XREVRANGE) of {@code pageSize} entries at a time, the next one
 * starting after the last id seen ({@code (id}). Holds one page; maps one entry at a time as it is taken. A page
 * shorter than the page size is the last one. Not thread-safe (a sequential stream's iterator).
 */
final class PagedRange<T> implements Iterator<StreamMessage<T>> {

    private final ReadConnections reads;
    private final EntryMapper<T> mapper;
    private final String stream;
    private final boolean reversed;
    private final int pageSize;
    // the bound that moves: the low one going forward, the high one going backward
    private String movingBound;
    private final String fixedBound;
    private List<RawEntry> page = List.of();
    private int index;
    private boolean lastPage;
    private volatile boolean closed;

    PagedRange(ReadConnections reads, EntryMapper<T> mapper, ReadRange range) {
        this.reads = reads;
        this.mapper = mapper;
        this.stream = range.stream();
        this.reversed = range.isReversed();
        this.pageSize = range.pageSize();
        String from = ReadIds.bound("fromId", range.fromId());
        String to = ReadIds.bound("toId", range.toId());
        this.movingBound = reversed ? to : from;
        this.fixedBound = reversed ? from : to;
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        if (index < page.size()) {
            return true;
        }
        if (lastPage) {
            return false;
        }
        fetch();
        return index < page.size();
    }

    @Override
    public StreamMessage<T> next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more entries in the range of " + stream);
        }
        RawEntry entry = page.get(index);
        page.set(index++, null); // let the entry go as soon as it is mapped
        return mapper.map(stream, entry);
    }

    private void fetch() {
        page = List.of();
        List<RawEntry> fetched = reversed
                ? reads.run("XREVRANGE " + stream, c -> c.reverseRange(stream, movingBound, fixedBound, pageSize))
                : reads.run("XRANGE " + stream, c -> c.range(stream, movingBound, fixedBound, pageSize));
        index = 0;
        lastPage = fetched.size() < pageSize;
        if (!fetched.isEmpty()) {
            movingBound = "(" + fetched.get(fetched.size() - 1).id();
        }
        page = fetched;
    }

    void close() {
        closed = true;
        page = List.of();
    }
}
