package io.redstreams.impl.consumer;

import java.lang.reflect.Type;

import io.redstreams.impl.codec.ConsumerParameter;
import io.redstreams.impl.codec.EntryDecoder;
import io.redstreams.impl.codec.JsonMapper;
import io.redstreams.impl.codec.MessageDecoder;

/**
 * The decoder of a consumer: its payload mapping; for a batch consumer the mapping of one element; for a
 * type-routed consumer the router's.
 */
final class Decoders {

    private Decoders() {
    }

    static EntryDecoder of(ConsumerSpec spec, JsonMapper json) {
        if (spec.invoker() instanceof TypeRouter router && !spec.routes().isEmpty()) {
            return router.decoder(json);
        }
        Type element = BatchParameter.elementType(spec.payloadType());
        ConsumerParameter parameter = ConsumerParameter.of(element != null ? element : spec.payloadType()).parameter();
        return new MessageDecoder(parameter, json);
    }
}
