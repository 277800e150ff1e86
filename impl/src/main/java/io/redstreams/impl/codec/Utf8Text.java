package io.redstreams.impl.codec;

import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * UTF-8 bytes to and from JSON-B's character streams without the intermediate {@code String}s (and, when writing,
 * the growing {@code StringWriter}) that {@code Jsonb.toJson(Object)} and {@code fromJson(String, ...)} need: a
 * payload is mapped straight into its exact {@code byte[]}, and read straight from the entry's bytes. Text that is
 * all ASCII (most JSON) is copied byte for char; anything else goes through the JDK's UTF-8 coder, so the result is
 * always exactly {@code String.getBytes(UTF_8)} / {@code new String(bytes, UTF_8)}. Not thread-safe: one per call.
 */
final class Utf8Text {

    private Utf8Text() {
    }

    /** Collects what a JSON generator writes; {@link #bytes()} is its UTF-8 encoding. */
    static final class Sink extends Writer {
        private byte[] ascii = new byte[0];
        private int size;
        /** Set once a non-ASCII character was written: from then on everything is collected as text. */
        private StringBuilder text;

        @Override
        public void write(char[] chars, int off, int len) {
            if (text != null) {
                text.append(chars, off, len);
                return;
            }
            if (size + len > ascii.length) {
                // the generator flushes its buffer (thousands of chars) at close, so usually once: exact size
                ascii = Arrays.copyOf(ascii, size == 0 ? len : Math.max(size + len, ascii.length * 2));
            }
            for (int i = 0; i < len; i++) {
                char c = chars[off + i];
                if (c >= 0x80) {
                    text = new StringBuilder(size + len + 16);
                    text.append(new String(ascii, 0, size, StandardCharsets.ISO_8859_1));
                    text.append(chars, off + i, len - i);
                    return;
                }
                ascii[size++] = (byte) c;
            }
        }

        @Override
        public void write(String s, int off, int len) {
            write(s.toCharArray(), off, len);
        }

        @Override
        public void write(int c) {
            write(new char[] {(char) c}, 0, 1);
        }

        @Override
        public void flush() {
            // nothing buffered here
        }

        @Override
        public void close() {
            // nothing to release; bytes() stays readable
        }

        byte[] bytes() {
            if (text != null) {
                return text.toString().getBytes(StandardCharsets.UTF_8);
            }
            return size == ascii.length ? ascii : Arrays.copyOf(ascii, size);
        }
    }

    /** A reader over UTF-8 bytes. */
    static Reader reader(byte[] utf8) {
        for (byte b : utf8) {
            if (b < 0) {
                return new java.io.StringReader(new String(utf8, StandardCharsets.UTF_8));
            }
        }
        return new AsciiReader(utf8);
    }

    /** Bytes known to be ASCII, read as characters one for one. */
    private static final class AsciiReader extends Reader {
        private final byte[] bytes;
        private int pos;

        AsciiReader(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read(char[] buffer, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int n = Math.min(len, bytes.length - pos);
            if (n <= 0) {
                return -1;
            }
            for (int i = 0; i < n; i++) {
                buffer[off + i] = (char) bytes[pos + i];
            }
            pos += n;
            return n;
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] : -1;
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}
