package io.redstreams.cdi;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import io.redstreams.Acknowledgement;
import io.redstreams.StreamConsumer;
import io.redstreams.impl.consumer.ConsumerSpec;
import io.redstreams.impl.engine.EngineSettings;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedParameter;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.InjectionPoint;

/**
 * A bean method with a {@code @StreamConsumer} parameter, as the extension found it, and what it
 * becomes: a {@link ConsumerSpec} with a {@link BeanMethodInvoker}, or a list of problems.
 */
final class ConsumerMethod {

    private final Bean<?> bean;
    private final AnnotatedMethod<?> method;
    private final List<AnnotatedParameter<?>> payloadParameters;

    ConsumerMethod(Bean<?> bean, AnnotatedMethod<?> method, List<AnnotatedParameter<?>> payloadParameters) {
        this.bean = bean;
        this.method = method;
        this.payloadParameters = payloadParameters;
    }

    /** {@code com.acme.Billing#onOrder}: how every message about this method names it. */
    String name() {
        Method m = method.getJavaMember();
        return m.getDeclaringClass().getName() + "#" + m.getName();
    }

    /**
     * Builds the spec; every problem found is added to {@code problems}, each naming this method.
     *
     * @param requestContext whether each call runs in a request context of its own
     * @return the spec, or {@code null} if there were problems
     */
    ConsumerSpec toSpec(BeanManager beanManager, EngineSettings settings, boolean requestContext,
                        List<String> problems) {
        List<String> mine = new ArrayList<>();
        Method javaMethod = method.getJavaMember();
        if (payloadParameters.size() > 1) {
            mine.add("has " + payloadParameters.size() + " @StreamConsumer parameters; exactly one is allowed");
        }
        if (Modifier.isPrivate(javaMethod.getModifiers())) {
            mine.add("must not be private: the container calls it through the bean's proxy");
        }
        Class<?> returnType = javaMethod.getReturnType();
        if (returnType != void.class && !CompletionStage.class.isAssignableFrom(returnType)) {
            mine.add("must return void or CompletionStage, not " + javaMethod.getGenericReturnType().getTypeName());
        }
        AnnotatedParameter<?> payload = payloadParameters.get(0);
        StreamConsumer annotation = payload.getAnnotation(StreamConsumer.class);
        List<InjectionPoint> injectionPoints = new ArrayList<>();
        int acknowledgementIndex = -1;
        for (AnnotatedParameter<?> parameter : method.getParameters()) {
            if (parameter.getPosition() == payload.getPosition()) {
                injectionPoints.add(null);
                continue;
            }
            if (parameter.isAnnotationPresent(StreamConsumer.class)) {
                injectionPoints.add(null);
                continue;
            }
            if (parameter.getBaseType() == Acknowledgement.class) {
                // not injected: the entry's own acknowledgement, passed by the engine on each call
                if (acknowledgementIndex >= 0) {
                    mine.add("has more than one Acknowledgement parameter; at most one is allowed");
                }
                acknowledgementIndex = parameter.getPosition();
                injectionPoints.add(null);
                continue;
            }
            try {
                InjectionPoint ip = beanManager.createInjectionPoint(parameter);
                beanManager.validate(ip);
                injectionPoints.add(ip);
            } catch (RuntimeException e) {
                mine.add("parameter " + parameter.getPosition() + " (" + parameter.getBaseType().getTypeName()
                        + ") cannot be injected: " + firstLine(e.getMessage()));
                injectionPoints.add(null);
            }
        }
        ConsumerSpec spec = new ConsumerSpec()
                .name(name())
                .stream(annotation.stream())
                .group(annotation.group())
                .consumer(annotation.consumer())
                .concurrency(annotation.concurrency())
                .batchSize(annotation.batchSize())
                .maxDeliveries(annotation.maxDeliveries())
                .deadLetterStream(annotation.deadLetterStream())
                .startFrom(annotation.startFrom())
                .types(annotation.types())
                .processingTimeoutMs(annotation.processingTimeoutMs())
                .batchWaitMs(annotation.batchWaitMs())
                .manualAck(acknowledgementIndex >= 0)
                .payloadType(payload.getBaseType());
        if (acknowledgementIndex >= 0 && returnType != void.class) {
            mine.add("takes an Acknowledgement, so it must return void: the entry's fate is what it calls on the"
                    + " Acknowledgement, not a returned stage");
        }
        if (settings != null) {
            mine.addAll(settings.applyOverrides(spec));
        }
        InvocationTarget.Result target = InvocationTarget.resolve(bean, javaMethod);
        if (target.problem() != null) {
            mine.add(target.problem());
        }
        List<String> specProblems = new ArrayList<>(spec.problems());
        specProblems.remove("no invoker");
        mine.addAll(specProblems);
        if (!mine.isEmpty()) {
            for (String p : mine) {
                problems.add(name() + ": " + p);
            }
            return null;
        }
        return spec.invoker(new BeanMethodInvoker(beanManager, bean, target.target(), payload.getPosition(),
                acknowledgementIndex, injectionPoints, requestContext));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unresolvable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
