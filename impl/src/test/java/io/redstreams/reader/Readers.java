package io.redstreams.reader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.redstreams.StreamReader;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import redis.clients.jedis.Protocol;

/** Helpers of the reader tests: a bean that injects the reader, explicit-id entries, command counts. */
final class Readers {

    private Readers() {
    }

    /** An application bean reading through {@code @Inject StreamReader}, as a user would. */
    @ApplicationScoped
    public static class Replay {
        @Inject
        StreamReader reader;

        StreamReader reader() {
            return reader;
        }
    }

    /** XADD with an explicit id and the given fields (as another client might write them). */
    static void add(RedisExtension redis, String stream, String id, Map<String, String> fields) {
        // sendCommand, not xadd(): Jedis parses the reply into a long and cannot take sequence numbers above 2^63
        List<String> args = new ArrayList<>(List.of(stream, id));
        fields.forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        redis.admin().sendCommand(Protocol.Command.XADD, args.toArray(new String[0]));
    }

    /** How many times Redis ran {@code command} so far ({@code INFO commandstats}). */
    static long calls(RedisExtension redis, String command) {
        Matcher m = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(redis.admin().info("commandstats"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
