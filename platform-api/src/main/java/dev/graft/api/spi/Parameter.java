package dev.graft.api.spi;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One typed, documented parameter of an {@link Experiment} (or of another extension), with its default.
 *
 * <p>Parameters are declared as constants and read back with {@link ParameterValues#get(Parameter)}, so an
 * extension never parses strings itself:
 * <pre>{@code
 * static final Parameter<Integer> STEPS = Parameter.integer("steps", 200, "optimizer steps").atLeast(1);
 * static final Parameter<String> SCHEDULE = Parameter.choice("schedule", "cosine", "learning-rate schedule",
 *         "constant", "linear", "cosine");
 * ...
 * int steps = values.get(STEPS);
 * }</pre>
 *
 * <p>Names match {@code [a-z][a-z0-9_.-]*}. Values given on the command line or in a config file are parsed by
 * {@link #parse(String)}, which names the parameter and the expected form in its error. Instances are immutable.
 *
 * @param <T> the value type: {@link Integer}, {@link Long}, {@link Double}, {@link Boolean} or {@link String}
 */
public final class Parameter<T> {

    /** The kind of value a parameter holds. */
    public enum Kind {
        /** a 32-bit integer */
        INTEGER,
        /** a 64-bit integer */
        LONG,
        /** a double-precision number */
        REAL,
        /** {@code true} or {@code false} */
        BOOLEAN,
        /** free text */
        TEXT,
        /** one of a fixed list of words */
        CHOICE
    }

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]*");

    private final String name;
    private final Kind kind;
    private final Class<T> type;
    private final T defaultValue;
    private final String description;
    private final double min;
    private final double max;
    private final List<String> choices;

    private Parameter(String name, Kind kind, Class<T> type, T defaultValue, String description,
                      double min, double max, List<String> choices) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("parameter name '" + name + "' must match " + NAME.pattern());
        }
        this.name = name;
        this.kind = kind;
        this.type = type;
        this.defaultValue = Objects.requireNonNull(defaultValue, () -> "parameter '" + name + "': default is null");
        this.description = Objects.requireNonNull(description);
        this.min = min;
        this.max = max;
        this.choices = List.copyOf(choices);
        check(defaultValue);
    }

    /** @return an integer parameter */
    public static Parameter<Integer> integer(String name, int defaultValue, String description) {
        return new Parameter<>(name, Kind.INTEGER, Integer.class, defaultValue, description,
                Integer.MIN_VALUE, Integer.MAX_VALUE, List.of());
    }

    /** @return a 64-bit integer parameter */
    public static Parameter<Long> longInteger(String name, long defaultValue, String description) {
        return new Parameter<>(name, Kind.LONG, Long.class, defaultValue, description,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, List.of());
    }

    /** @return a real-valued parameter; NaN and infinities are refused */
    public static Parameter<Double> real(String name, double defaultValue, String description) {
        return new Parameter<>(name, Kind.REAL, Double.class, defaultValue, description,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, List.of());
    }

    /** @return a boolean parameter */
    public static Parameter<Boolean> flag(String name, boolean defaultValue, String description) {
        return new Parameter<>(name, Kind.BOOLEAN, Boolean.class, defaultValue, description, 0, 0, List.of());
    }

    /** @return a free-text parameter */
    public static Parameter<String> text(String name, String defaultValue, String description) {
        return new Parameter<>(name, Kind.TEXT, String.class, defaultValue, description, 0, 0, List.of());
    }

    /**
     * @param choices the accepted words; the default must be one of them
     * @return a parameter that takes one of a fixed list of words
     */
    public static Parameter<String> choice(String name, String defaultValue, String description, String... choices) {
        if (choices.length == 0) {
            throw new IllegalArgumentException("parameter '" + name + "': a choice needs at least one word");
        }
        return new Parameter<>(name, Kind.CHOICE, String.class, defaultValue, description, 0, 0, List.of(choices));
    }

    /**
     * Returns a copy of this numeric parameter that accepts only values {@code >= min}.
     *
     * @throws IllegalStateException if this parameter is not numeric
     * @throws IllegalArgumentException if the default is below {@code min}
     */
    public Parameter<T> atLeast(double min) {
        return between(min, max);
    }

    /**
     * Returns a copy of this numeric parameter that accepts only values in {@code [min, max]}.
     *
     * @throws IllegalStateException if this parameter is not numeric
     * @throws IllegalArgumentException if the default lies outside the range
     */
    public Parameter<T> between(double min, double max) {
        if (kind != Kind.INTEGER && kind != Kind.LONG && kind != Kind.REAL) {
            throw new IllegalStateException("parameter '" + name + "' is " + kind + ", not numeric");
        }
        return new Parameter<>(name, kind, type, defaultValue, description, min, max, choices);
    }

    /** @return the parameter's name */
    public String name() {
        return name;
    }

    /** @return the kind of value */
    public Kind kind() {
        return kind;
    }

    /** @return the Java type of the value */
    public Class<T> type() {
        return type;
    }

    /** @return the default value */
    public T defaultValue() {
        return defaultValue;
    }

    /** @return what the parameter means, for help and reports */
    public String description() {
        return description;
    }

    /** @return the accepted words of a {@link Kind#CHOICE}, else empty */
    public List<String> choices() {
        return choices;
    }

    /** @return a short human description of the accepted values, e.g. {@code integer >= 1} */
    public String accepted() {
        String range = "";
        if (min != Double.NEGATIVE_INFINITY && min != Integer.MIN_VALUE) {
            range += " >= " + formatBound(min);
        }
        if (max != Double.POSITIVE_INFINITY && max != Integer.MAX_VALUE) {
            range += (range.isEmpty() ? "" : " and") + " <= " + formatBound(max);
        }
        return switch (kind) {
            case INTEGER, LONG -> "integer" + range;
            case REAL -> "number" + range;
            case BOOLEAN -> "true or false";
            case TEXT -> "text";
            case CHOICE -> "one of " + String.join(", ", choices);
        };
    }

    /**
     * Parses a value written as text (command line, config file).
     *
     * @param text the value
     * @return the typed value
     * @throws IllegalArgumentException naming the parameter and the expected form if the text is not accepted
     */
    public T parse(String text) {
        String t = text.trim();
        Object v;
        try {
            v = switch (kind) {
                case INTEGER -> Integer.parseInt(t);
                case LONG -> Long.parseLong(t);
                case REAL -> Double.parseDouble(t);
                case BOOLEAN -> switch (t.toLowerCase(Locale.ROOT)) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> throw new NumberFormatException(t);
                };
                case TEXT, CHOICE -> text;
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + name + "': expected " + accepted() + ", got '" + text + "'");
        }
        T value = type.cast(v);
        check(value);
        return value;
    }

    /**
     * Checks an already typed value.
     *
     * @param value the value
     * @return the value, cast to {@code T}
     * @throws IllegalArgumentException if the value has the wrong type or is not accepted
     */
    public T cast(Object value) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("parameter '" + name + "': expected " + accepted() + ", got "
                    + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
        }
        T v = type.cast(value);
        check(v);
        return v;
    }

    private void check(T value) {
        boolean ok = switch (kind) {
            case INTEGER, LONG -> {
                double d = ((Number) value).doubleValue();
                yield d >= min && d <= max;
            }
            case REAL -> {
                double d = (Double) value;
                yield Double.isFinite(d) && d >= min && d <= max;
            }
            case CHOICE -> choices.contains(value);
            case BOOLEAN, TEXT -> true;
        };
        if (!ok) {
            throw new IllegalArgumentException("parameter '" + name + "': expected " + accepted() + ", got '" + value + "'");
        }
    }

    private static String formatBound(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    @Override
    public String toString() {
        return name + " (" + accepted() + ", default " + defaultValue + ")";
    }
}
