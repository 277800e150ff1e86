package io.redstreams.impl.config;

import java.util.function.Function;

/**
 * One configuration key, declared once: name, type, default, description, and whether the value
 * is a secret (never shown).
 */
public final class ConfigKey<T> {

    private final String name;
    private final Class<T> type;
    private final T defaultValue;
    private final String description;
    private final boolean secret;
    private final Function<String, T> parser;

    private ConfigKey(String name, Class<T> type, T defaultValue, String description, boolean secret,
                      Function<String, T> parser) {
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
        this.secret = secret;
        this.parser = parser;
    }

    static ConfigKey<String> text(String name, String defaultValue, String description) {
        return new ConfigKey<>(name, String.class, defaultValue, description, false, s -> s);
    }

    static ConfigKey<String> secret(String name, String description) {
        return new ConfigKey<>(name, String.class, "", description, true, s -> s);
    }

    static ConfigKey<Integer> integer(String name, int defaultValue, String description) {
        return new ConfigKey<>(name, Integer.class, defaultValue, description, false, s -> Integer.valueOf(s.trim()));
    }

    static ConfigKey<Long> longValue(String name, long defaultValue, String description) {
        return new ConfigKey<>(name, Long.class, defaultValue, description, false, s -> Long.valueOf(s.trim()));
    }

    static ConfigKey<Boolean> bool(String name, boolean defaultValue, String description) {
        return new ConfigKey<>(name, Boolean.class, defaultValue, description, false, s -> {
            String v = s.trim().toLowerCase(java.util.Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException("expected true or false");
            }
            return Boolean.valueOf(v);
        });
    }

    public String name() {
        return name;
    }

    public Class<T> type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public boolean secret() {
        return secret;
    }

    T parse(String raw) {
        return parser.apply(raw);
    }

    @Override
    public String toString() {
        return name;
    }
}
