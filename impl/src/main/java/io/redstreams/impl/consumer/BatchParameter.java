package io.redstreams.impl.consumer;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;

/**
 * Whether a consumer's payload parameter asks for batches: {@code List<T>} or {@code List<StreamMessage<T>>}.
 */
final class BatchParameter {

    private BatchParameter() {
    }

    /**
     * @return {@code T} of a {@code List<T>} parameter ({@code Object} for a raw {@code List}, which is then refused
     *         as a payload type); {@code null} when the parameter is not a {@code List}
     */
    static Type elementType(Type parameterType) {
        if (parameterType == List.class) {
            return Object.class;
        }
        if (parameterType instanceof ParameterizedType p && p.getRawType() == List.class) {
            return p.getActualTypeArguments()[0];
        }
        return null;
    }
}
