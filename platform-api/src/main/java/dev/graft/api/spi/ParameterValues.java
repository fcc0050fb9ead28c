package dev.graft.api.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The resolved values of a list of declared {@link Parameter}s: every parameter has a value (its default unless
 * set), every value has been checked. Immutable; iteration order is declaration order.
 */
public final class ParameterValues {
    private final Map<String, Parameter<?>> declared;
    private final Map<String, Object> values;

    private ParameterValues(Map<String, Parameter<?>> declared, Map<String, Object> values) {
        this.declared = declared;
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * @param declared the parameters
     * @return every parameter at its default
     */
    public static ParameterValues defaults(List<Parameter<?>> declared) {
        return resolve(declared, Map.of());
    }

    /**
     * Resolves text settings (from {@code --set name=value} or a config file) against declared parameters.
     *
     * @param declared the parameters
     * @param settings name to text value; names not declared are refused
     * @return defaults overridden by the settings
     * @throws IllegalArgumentException naming the unknown parameter and the known ones, or the bad value
     */
    public static ParameterValues resolve(List<Parameter<?>> declared, Map<String, String> settings) {
        Map<String, Parameter<?>> byName = index(declared);
        for (String key : settings.keySet()) {
            if (!byName.containsKey(key)) {
                throw new IllegalArgumentException("unknown parameter '" + key + "'; known: "
                        + (byName.isEmpty() ? "(none)" : String.join(", ", byName.keySet())));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Parameter<?> p : byName.values()) {
            String text = settings.get(p.name());
            values.put(p.name(), text == null ? p.defaultValue() : p.parse(text));
        }
        return new ParameterValues(byName, values);
    }

    private static Map<String, Parameter<?>> index(List<Parameter<?>> declared) {
        Map<String, Parameter<?>> byName = new LinkedHashMap<>();
        for (Parameter<?> p : declared) {
            if (byName.put(p.name(), p) != null) {
                throw new IllegalArgumentException("parameter '" + p.name() + "' is declared twice");
            }
        }
        return byName;
    }

    /**
     * @param parameter a declared parameter
     * @return its value
     * @throws IllegalArgumentException if the parameter was not declared
     */
    public <T> T get(Parameter<T> parameter) {
        if (declared.get(parameter.name()) == null) {
            throw new IllegalArgumentException("parameter '" + parameter.name() + "' is not declared; declared: "
                    + String.join(", ", declared.keySet()));
        }
        return parameter.type().cast(values.get(parameter.name()));
    }

    /** @return the values by name, in declaration order, unmodifiable */
    public Map<String, Object> asMap() {
        return values;
    }

    /** @return the values written as text, in declaration order; {@link Parameter#parse} reads them back */
    public Map<String, String> asText() {
        return values.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue()),
                (a, b) -> a, LinkedHashMap::new));
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
