package io.redstreams.impl.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The idempotent XADD of Redis 7 (a Lua script, atomic on the server): if the marker key exists,
 * return the entry id it holds; else XADD and store the new id under the marker for
 * {@code retentionMs} milliseconds ({@code SET ... PX}). Run with EVALSHA; on {@code NOSCRIPT}
 * (a restarted or failed-over server, SCRIPT FLUSH) with EVAL, which caches it again.
 *
 * <p>Keys: {@code KEYS[1]} the stream, {@code KEYS[2]} the marker (same Cluster slot, see
 * {@code IdempotencyKeys}). Args: retention ms, MAXLEN (0: none), then field, value, ...
 */
final class IdempotentAddScript {

    static final String SOURCE = """
            local seen = redis.call('GET', KEYS[2])
            if seen then return seen end
            local args = {'XADD', KEYS[1]}
            if tonumber(ARGV[2]) > 0 then
              args[#args + 1] = 'MAXLEN'; args[#args + 1] = '~'; args[#args + 1] = ARGV[2]
            end
            args[#args + 1] = '*'
            for i = 3, #ARGV do args[#args + 1] = ARGV[i] end
            local id = redis.call(unpack(args))
            redis.call('SET', KEYS[2], id, 'PX', ARGV[1])
            return id
            """;

    private static final byte[] SOURCE_BYTES = SOURCE.getBytes(StandardCharsets.UTF_8);
    private static final byte[] SHA = sha1Hex(SOURCE_BYTES);

    private IdempotentAddScript() {
    }

    /** @return the id of the entry added now, or of the one added earlier under the same marker */
    static byte[] run(Jedis jedis, String stream, String markerKey, long retentionMs, long maxLen,
                      Map<byte[], byte[]> fields) {
        List<byte[]> keys = List.of(bytes(stream), bytes(markerKey));
        List<byte[]> args = new ArrayList<>(2 + fields.size() * 2);
        args.add(bytes(Long.toString(retentionMs)));
        args.add(bytes(Long.toString(Math.max(0, maxLen))));
        for (Map.Entry<byte[], byte[]> f : fields.entrySet()) {
            args.add(f.getKey());
            args.add(f.getValue());
        }
        try {
            return (byte[]) jedis.evalsha(SHA, keys, args);
        } catch (JedisNoScriptException e) {
            return (byte[]) jedis.eval(SOURCE_BYTES, keys, args);
        }
    }

    private static byte[] sha1Hex(byte[] source) {
        try {
            return bytes(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
