package io.redstreams.impl.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.OpenTelemetry;
import io.redstreams.impl.config.ConfigLookup;
import io.redstreams.impl.config.RedStreamsConfig;

/**
 * The choice of tracing, and its guard: without the OpenTelemetry API on the engine's class path the engine does not
 * trace, and no class that refers to the API is loaded.
 */
class TracingChoiceTest {

    private static RedStreamsConfig config(Map<String, String> values) {
        ConfigLookup lookup = key -> java.util.Optional.ofNullable(values.get(key));
        return RedStreamsConfig.read(lookup);
    }

    @Test
    void withTheApiAndNoOpenTelemetryGivenNorSetGloballyNothingIsTraced() {
        assertThat(TracingChoice.apiType()).contains(OpenTelemetry.class);
        assertThat(TracingChoice.choose(config(Map.of()), null, null).active()).isFalse();
    }

    @Test
    void aGivenOpenTelemetryTracesUnlessSwitchedOff() {
        assertThat(TracingChoice.choose(config(Map.of()), null, OpenTelemetry.noop()).active()).isTrue();
        assertThat(TracingChoice.choose(config(Map.of("redstreams.tracing.enabled", "false")), null,
                OpenTelemetry.noop()).active()).isFalse();
        assertThat(TracingChoice.choose(config(Map.of("redstreams.tracing.enabled", "false")),
                new MessageTracing() { }, null).active()).isFalse();
        assertThat(TracingChoice.choose(config(Map.of()), MessageTracing.NONE, null).active()).isFalse();
    }

    @Test
    void withoutTheApiTheGuardSaysNoAndLoadsNothingOfOpenTelemetry() throws Exception {
        HidingLoader loader = new HidingLoader(getClass().getClassLoader());
        Class<?> choice = Class.forName(TracingChoice.class.getName(), true, loader);
        assertThat(choice.getClassLoader()).isSameAs(loader);
        Method apiType = choice.getDeclaredMethod("apiType");
        apiType.setAccessible(true);
        assertThat((java.util.Optional<?>) apiType.invoke(null)).isEmpty();

        Class<?> configClass = Class.forName(RedStreamsConfig.class.getName(), true, loader);
        Class<?> lookupClass = Class.forName(ConfigLookup.class.getName(), true, loader);
        Object lookup = java.lang.reflect.Proxy.newProxyInstance(loader, new Class<?>[] {lookupClass},
                (proxy, method, args) -> method.getName().equals("find") || method.getReturnType()
                        == java.util.Optional.class ? java.util.Optional.empty() : null);
        Object cfg = configClass.getMethod("read", lookupClass).invoke(null, lookup);
        Class<?> tracingClass = Class.forName(MessageTracing.class.getName(), true, loader);
        Method choose = choice.getDeclaredMethod("choose", configClass, tracingClass, Object.class);
        choose.setAccessible(true);
        Object wall = choose.invoke(null, cfg, null, null);
        assertThat(wall.getClass().getMethod("active").invoke(wall)).isEqualTo(false);
        assertThat(loader.asked).noneMatch(n -> n.startsWith("io.redstreams.impl.otel."));
        assertThat(loader.refused).allMatch(n -> n.startsWith("io.opentelemetry."));
    }

    /** Defines the engine's classes itself and hides OpenTelemetry (and our classes that use it). */
    private static final class HidingLoader extends ClassLoader {
        final Set<String> asked = ConcurrentHashMap.newKeySet();
        final Set<String> refused = ConcurrentHashMap.newKeySet();

        HidingLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.startsWith("io.opentelemetry.")) {
                    refused.add(name);
                    throw new ClassNotFoundException(name + " (hidden by the test)");
                }
                if (!name.startsWith("io.redstreams.impl.")) {
                    return super.loadClass(name, resolve);
                }
                asked.add(name);
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] bytes = in.readAllBytes();
                        loaded = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }
}
