package io.redstreams.cdi;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.redstreams.StreamProducer;

/**
 * The injectable {@link StreamProducer}: delegates to the engine the extension created.
 * A synthetic bean registered by {@link RedStreamsExtension}, so it exists with or without bean
 * discovery and is bound to the extension instance that read the configuration.
 */
final class CdiStreamProducer implements StreamProducer {

    private final RedStreamsExtension extension;

    CdiStreamProducer(RedStreamsExtension extension) {
        this.extension = extension;
    }

    private StreamProducer engine() {
        return extension.engine().producer();
    }

    @Override
    public String send(String stream, Object payload) {
        return engine().send(stream, payload);
    }

    @Override
    public String send(String stream, Object payload, Map<String, String> headers) {
        return engine().send(stream, payload, headers);
    }

    @Override
    public CompletionStage<String> sendAsync(String stream, Object payload) {
        return engine().sendAsync(stream, payload);
    }

    @Override
    public CompletionStage<String> sendAsync(String stream, Object payload, Map<String, String> headers) {
        return engine().sendAsync(stream, payload, headers);
    }

    @Override
    public String sendIdempotent(String stream, String idempotencyKey, Object payload, Map<String, String> headers) {
        return engine().sendIdempotent(stream, idempotencyKey, payload, headers);
    }

    @Override
    public List<String> sendAll(String stream, List<?> payloads) {
        return engine().sendAll(stream, payloads);
    }
}
