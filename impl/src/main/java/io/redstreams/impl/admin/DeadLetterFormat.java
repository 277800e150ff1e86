package io.redstreams.impl.admin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.redstreams.DeadLetter;
import io.redstreams.impl.codec.EntryFields;
import io.redstreams.impl.redis.RawEntry;

/**
 * Reads a dead letter as {@code io.redstreams.impl.consumer.DeadLetters} writes it (the original fields, then
 * {@code error}, {@code source-stream}, {@code source-id}, {@code group}, {@code deliveries}), and makes the copy a
 * replay appends to the source stream: the original fields byte for byte, without a previous
 * {@value #REPLAYED}, then {@value #REPLAYED} (the replay count) and, unless an earlier replay left it,
 * {@value #ORIGINAL_ID}.
 */
final class DeadLetterFormat {

    /** Header of a replayed entry: how many times it was replayed. */
    static final String REPLAYED = "redstreams-replayed";
    /** Header of a replayed entry: its id in the source stream when it first failed. */
    static final String ORIGINAL_ID = "redstreams-original-id";

    /** The bookkeeping fields DeadLetters appends, in its order. */
    private static final List<String> BOOKKEEPING = EntryFields.DEAD_LETTER_BOOKKEEPING;
    private static final int BOOKKEEPING_SLOTS = BOOKKEEPING.size() * 2;

    private DeadLetterFormat() {
    }

    static DeadLetter parse(RawEntry entry) {
        List<byte[]> raw = entry.raw();
        if (!endsWithBookkeeping(raw)) {
            return new DeadLetter(entry.id(), null, null, null, null, null, replays(raw), raw);
        }
        int at = raw.size() - BOOKKEEPING_SLOTS;
        List<byte[]> original = raw.subList(0, at);
        return new DeadLetter(entry.id(), text(raw.get(at + 1)), text(raw.get(at + 3)), text(raw.get(at + 5)),
                text(raw.get(at + 7)), number(text(raw.get(at + 9))), replays(original), original);
    }

    /** The fields of the copy a replay appends. */
    static List<byte[]> replayFields(DeadLetter letter) {
        List<byte[]> original = letter.rawFields();
        List<byte[]> copy = new ArrayList<>(original.size() + 4);
        boolean hasOriginalId = false;
        for (int i = 0; i + 1 < original.size(); i += 2) {
            byte[] name = original.get(i);
            if (is(name, REPLAYED)) {
                continue; // replaced below by the new count
            }
            hasOriginalId |= is(name, ORIGINAL_ID);
            copy.add(name);
            copy.add(original.get(i + 1));
        }
        copy.add(bytes(REPLAYED));
        copy.add(bytes(Integer.toString(letter.replays() + 1)));
        if (!hasOriginalId && letter.sourceId() != null) {
            copy.add(bytes(ORIGINAL_ID));
            copy.add(bytes(letter.sourceId()));
        }
        return copy;
    }

    private static boolean endsWithBookkeeping(List<byte[]> raw) {
        if (raw.size() < BOOKKEEPING_SLOTS || raw.size() % 2 != 0) {
            return false;
        }
        int at = raw.size() - BOOKKEEPING_SLOTS;
        for (int i = 0; i < BOOKKEEPING.size(); i++) {
            if (!is(raw.get(at + 2 * i), BOOKKEEPING.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The highest {@value #REPLAYED} value among the fields; 0 when there is none or it is not a number. */
    private static int replays(List<byte[]> fields) {
        int replays = 0;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            if (is(fields.get(i), REPLAYED)) {
                Long n = number(text(fields.get(i + 1)));
                if (n != null && n > replays && n < Integer.MAX_VALUE) {
                    replays = n.intValue();
                }
            }
        }
        return replays;
    }

    private static boolean is(byte[] name, String expected) {
        return Arrays.equals(name, bytes(expected));
    }

    private static Long number(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
