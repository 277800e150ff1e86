package io.redstreams.impl.redis;

import java.nio.charset.StandardCharsets;

/**
 * The Lua scripts the engine runs: each touches one key (the stream), so each also runs on a Redis Cluster, and each
 * checks and acts atomically.
 */
final class LuaScripts {

    /**
     * The lease. KEYS[1] stream; ARGV[1] group, ARGV[2] consumer, ARGV[3..] ids. Refreshes the idle time of the ids
     * still pending for that consumer (XCLAIM min-idle 0 JUSTID: no delivery counted), never touching an id that a
     * sibling has claimed meanwhile. Returns how many were refreshed.
     */
    static final byte[] KEEP_OWNED = bytes(String.join("\n",
            "local owned = {}",
            "for i = 3, #ARGV do",
            "  local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1, ARGV[2])",
            "  if #p > 0 then owned[#owned + 1] = ARGV[i] end",
            "end",
            "local n = 0",
            "local from = 1",
            "while from <= #owned do",
            "  local args = {KEYS[1], ARGV[1], ARGV[2], 0}",
            "  for i = from, math.min(#owned, from + 199) do args[#args + 1] = owned[i] end",
            "  args[#args + 1] = 'JUSTID'",
            "  n = n + #redis.call('XCLAIM', unpack(args))",
            "  from = from + 200",
            "end",
            "return n"));

    /**
     * The cleanup. KEYS[1] stream; ARGV[1] group, ARGV[2] minimum idle ms, ARGV[3..] names to keep. Deletes every
     * consumer with no pending entry idle at least that long; returns the deleted names.
     */
    static final byte[] DELETE_IDLE_CONSUMERS = bytes(String.join("\n",
            "local keep = {}",
            "for i = 3, #ARGV do keep[ARGV[i]] = true end",
            "local min = tonumber(ARGV[2])",
            "local deleted = {}",
            "for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do",
            "  local info = {}",
            "  for j = 1, #c, 2 do info[c[j]] = c[j + 1] end",
            "  if not keep[info['name']] and tonumber(info['pending']) == 0 and tonumber(info['idle']) >= min then",
            "    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], info['name'])",
            "    deleted[#deleted + 1] = info['name']",
            "  end",
            "end",
            "return deleted"));

    private LuaScripts() {
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
