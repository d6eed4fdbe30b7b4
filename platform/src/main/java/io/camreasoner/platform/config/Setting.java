package io.camreasoner.platform.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One configuration option, declared once: its name, type, default, documentation and validation
 * (the Debezium {@code Field} idea). A setting without a default is required.
 *
 * @param <T> the value type
 */
public final class Setting<T> {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  /** The type of settings that name an environment variable ({@link #variableName}). */
  public static final String VARIABLE_TYPE = "variable";

  private final String name;
  private final String type;
  private final String defaultText;
  private final String doc;
  private final Function<String, T> parser;
  private final Function<T, String> printer;
  private final List<Rule<T>> rules;

  /** One validation rule: the test a value must pass and what the error message says otherwise. */
  private record Rule<T>(Predicate<T> test, String description) {}

  private Setting(
      String name,
      String type,
      String defaultText,
      String doc,
      Function<String, T> parser,
      List<Rule<T>> rules) {
    this(name, type, defaultText, doc, parser, String::valueOf, rules);
  }

  private Setting(
      String name,
      String type,
      String defaultText,
      String doc,
      Function<String, T> parser,
      Function<T, String> printer,
      List<Rule<T>> rules) {
    if (!name.matches("[a-z][a-z0-9.-]*")) {
      throw new IllegalArgumentException(
          "setting names are lower-case dotted words, got '" + name + "'");
    }
    this.name = name;
    this.type = type;
    this.defaultText = defaultText;
    this.doc = Objects.requireNonNull(doc, "doc");
    this.parser = parser;
    this.printer = printer;
    this.rules = List.copyOf(rules);
  }

  /** A text option. */
  public static Setting<String> string(String name, String defaultValue, String doc) {
    return new Setting<>(name, "string", defaultValue, doc, s -> s, List.of());
  }

  /** A whole-number option. */
  public static Setting<Integer> integer(String name, Integer defaultValue, String doc) {
    return new Setting<>(
        name, "int", text(defaultValue), doc, s -> Integer.parseInt(s.trim()), List.of());
  }

  /** A 64-bit whole-number option. */
  public static Setting<Long> longInteger(String name, Long defaultValue, String doc) {
    return new Setting<>(
        name, "long", text(defaultValue), doc, s -> Long.parseLong(s.trim()), List.of());
  }

  /** A decimal option. */
  public static Setting<Double> decimal(String name, Double defaultValue, String doc) {
    return new Setting<>(
        name, "double", text(defaultValue), doc, s -> Double.parseDouble(s.trim()), List.of());
  }

  /**
   * A true/false option ({@code true}, {@code false}, {@code yes}, {@code no}, {@code 1}, {@code
   * 0}).
   */
  public static Setting<Boolean> bool(String name, Boolean defaultValue, String doc) {
    return new Setting<>(
        name, "boolean", text(defaultValue), doc, Setting::parseBoolean, List.of());
  }

  /**
   * The name of an environment variable the service reads a value from (a secret kept out of
   * options and command lines, such as an API key); its type is {@value #VARIABLE_TYPE}.
   */
  public static Setting<String> variableName(String name, String defaultValue, String doc) {
    return new Setting<>(
        name,
        VARIABLE_TYPE,
        defaultValue,
        doc,
        String::trim,
        List.of(
            new Rule<>(
                v -> v.isEmpty() || v.matches("[A-Za-z_][A-Za-z0-9_]*"),
                "must be an environment variable name")));
  }

  /**
   * A duration such as {@code 250ms}, {@code 30s}, {@code 5m} or {@code 1h} (or ISO-8601, {@code
   * PT30S}).
   */
  public static Setting<Duration> duration(String name, String defaultValue, String doc) {
    return new Setting<>(
        name,
        "duration",
        defaultValue,
        doc,
        Setting::parseDuration,
        List.of(new Rule<>(v -> !v.isNegative(), "must not be negative")));
  }

  /** A duration that must be longer than zero, in the syntax of {@link #duration}. */
  public static Setting<Duration> positiveDuration(String name, String defaultValue, String doc) {
    return duration(name, defaultValue, doc).validate(v -> !v.isZero(), "must be positive");
  }

  /** One of a fixed set of words (case-insensitive; the value is returned in lower case). */
  public static Setting<String> choice(
      String name, String defaultValue, List<String> options, String doc) {
    List<String> lower = options.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
    return new Setting<>(
        name,
        String.join("|", lower),
        defaultValue,
        doc,
        s -> s.trim().toLowerCase(Locale.ROOT),
        List.of(new Rule<>(lower::contains, "must be one of " + lower)));
  }

  /**
   * One constant of an enum, written as {@code spelling} gives it (case-insensitive), e.g. {@code
   * vlm.input=video} for {@code FrameInput.VIDEO}: the enum is the one list of accepted values.
   */
  public static <E extends Enum<E>> Setting<E> choice(
      String name, E defaultValue, Function<E, String> spelling, String doc) {
    Map<String, E> bySpelling = new LinkedHashMap<>();
    for (E e : defaultValue.getDeclaringClass().getEnumConstants()) {
      bySpelling.put(spelling.apply(e).toLowerCase(Locale.ROOT), e);
    }
    List<String> spellings = List.copyOf(bySpelling.keySet());
    return new Setting<>(
        name,
        String.join("|", spellings),
        spelling.apply(defaultValue),
        doc,
        s -> bySpelling.get(s.trim().toLowerCase(Locale.ROOT)),
        spelling,
        List.of(new Rule<>(Objects::nonNull, "must be one of " + spellings)));
  }

  /** A comma-separated list of words. */
  public static Setting<List<String>> list(String name, String defaultValue, String doc) {
    return new Setting<>(
        name,
        "list",
        defaultValue,
        doc,
        s ->
            s.isBlank()
                ? List.of()
                : Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList(),
        List.of());
  }

  /**
   * The same setting with an extra validation rule; a value that breaks it is reported as {@code
   * name='value' description}, e.g. {@code http.port='70000' must be in [0, 65535]}.
   */
  public Setting<T> validate(Predicate<T> extra, String description) {
    List<Rule<T>> all = new ArrayList<>(rules);
    all.add(new Rule<>(extra, description));
    return new Setting<>(name, type, defaultText, doc, parser, printer, all);
  }

  /** The same setting refusing blank text (for names and addresses that cannot be empty). */
  public Setting<T> notBlank() {
    return validate(v -> !String.valueOf(v).isBlank(), "must not be blank");
  }

  /**
   * The same setting with another default: for a service whose shared option (such as {@code
   * ops.port}) has a default of its own. Name, doc and validation stay those of the declaration.
   */
  public Setting<T> withDefault(T defaultValue) {
    return new Setting<>(
        name,
        type,
        defaultValue == null ? null : printer.apply(defaultValue),
        doc,
        parser,
        printer,
        rules);
  }

  /** The same setting restricted to a closed range. */
  public <N extends Number & Comparable<N>> Setting<T> range(N min, N max) {
    return validate(
        v ->
            ((Comparable<N>) (Object) v).compareTo(min) >= 0
                && ((Comparable<N>) (Object) v).compareTo(max) <= 0,
        "must be in [" + min + ", " + max + "]");
  }

  /** The option's name, e.g. {@code worker.threads}. */
  public String name() {
    return name;
  }

  /** The type as shown in help, e.g. {@code int} or {@code geometry|model|vlm}. */
  public String type() {
    return type;
  }

  /** The default as text, or null when the option is required. */
  public String defaultText() {
    return defaultText;
  }

  /** What the option does. */
  public String doc() {
    return doc;
  }

  /**
   * The environment variable that sets it: {@code CAMREASONER_} + name with dots and dashes as
   * {@code _}.
   */
  public String envName() {
    return "CAMREASONER_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Parses and validates a value; the exception message names the option and the rule. */
  T parse(String text) {
    T value;
    try {
      value = parser.apply(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(name + "='" + text + "' is not a valid " + type);
    }
    for (Rule<T> rule : rules) {
      if (!rule.test().test(value)) {
        throw new IllegalArgumentException(name + "='" + text + "' " + rule.description());
      }
    }
    return value;
  }

  private static String text(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  private static Boolean parseBoolean(String s) {
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw new IllegalArgumentException(s);
    };
  }

  /**
   * Parses {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h} or an ISO-8601 duration ({@code
   * PT30S}), the duration syntax of every option and command-line flag.
   *
   * @throws IllegalArgumentException when the text is neither
   */
  public static Duration parseDuration(String s) {
    Matcher m = DURATION.matcher(s.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      try {
        return Duration.parse(s.trim());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "'" + s + "' is not a duration such as 250ms, 30s, 5m or 1h");
      }
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }
}
