package io.camreasoner.platform.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The options of one service, declared once. Parses values with the precedence command line, then
 * environment ({@code CAMREASONER_*}), then property maps, then defaults; reports all problems at
 * once; renders the help text and the README table from the declarations.
 */
public final class SettingGroup {
  private final String name;
  private final Map<String, Setting<?>> settings = new LinkedHashMap<>();
  private final Map<String, String> prefixes = new LinkedHashMap<>();

  private SettingGroup(String name, List<Setting<?>> declared, Map<String, String> prefixes) {
    this.name = name;
    this.prefixes.putAll(prefixes);
    for (Setting<?> s : declared) {
      if (settings.put(s.name(), s) != null) {
        throw new IllegalArgumentException("option " + s.name() + " declared twice in " + name);
      }
    }
  }

  /** A group of settings, e.g. {@code SettingGroup.of("worker", THREADS, BACKEND)}. */
  public static SettingGroup of(String name, Setting<?>... declared) {
    return new SettingGroup(name, List.of(declared), Map.of());
  }

  /**
   * This group plus a family of pass-through options: every {@code prefix + name} is accepted on
   * the command line and handed on, prefix removed, as {@link Config#prefixed(String)} (e.g. {@code
   * kafka.client.security.protocol} for the Kafka clients). Documented as one row.
   *
   * @param prefix ends with a dot, e.g. {@code kafka.client.}
   * @param doc what the options are for
   */
  public SettingGroup withPrefix(String prefix, String doc) {
    if (!prefix.matches("[a-z][a-z0-9.-]*\\.")) {
      throw new IllegalArgumentException("a prefix is lower-case dotted words ending in '.'");
    }
    Map<String, String> all = new LinkedHashMap<>(prefixes);
    all.put(prefix, doc);
    return new SettingGroup(name, List.copyOf(settings.values()), all);
  }

  /** This group plus the settings of others (shared options such as Kafka's bootstrap servers). */
  public SettingGroup with(SettingGroup... others) {
    List<Setting<?>> all = new ArrayList<>(settings.values());
    Map<String, String> allPrefixes = new LinkedHashMap<>(prefixes);
    for (SettingGroup g : others) {
      for (Setting<?> s : g.settings.values()) {
        if (!settings.containsKey(s.name())) {
          all.add(s);
        }
      }
      g.prefixes.forEach(allPrefixes::putIfAbsent);
    }
    return new SettingGroup(name, all, allPrefixes);
  }

  /** The group's name (the service). */
  public String name() {
    return name;
  }

  /** The settings in declaration order. */
  public List<Setting<?>> settings() {
    return List.copyOf(settings.values());
  }

  /** True if the group declares an option of this name (or a pass-through prefix it has). */
  public boolean declares(String option) {
    return settings.containsKey(option) || prefixOf(option) != null;
  }

  /** The pass-through prefixes with their docs. */
  public Map<String, String> prefixes() {
    return Map.copyOf(prefixes);
  }

  private String prefixOf(String option) {
    for (String p : prefixes.keySet()) {
      if (option.startsWith(p) && option.length() > p.length()) {
        return p;
      }
    }
    return null;
  }

  /**
   * Parses the configuration.
   *
   * @param values explicit values (command line, files), by option name; unknown names are errors
   * @param env the environment, e.g. {@code System::getenv}
   * @throws ConfigException naming every bad or missing option
   */
  public Config parse(Map<String, String> values, Function<String, String> env) {
    List<String> problems = new ArrayList<>();
    Map<String, Map<String, String>> passed = new LinkedHashMap<>();
    prefixes.keySet().forEach(p -> passed.put(p, new LinkedHashMap<>()));
    for (Map.Entry<String, String> e : values.entrySet()) {
      String key = e.getKey();
      if (settings.containsKey(key)) {
        continue;
      }
      String prefix = prefixOf(key);
      if (prefix != null) {
        passed.get(prefix).put(key.substring(prefix.length()), e.getValue());
      } else {
        problems.add("unknown option '" + key + "'" + suggestion(key));
      }
    }
    Map<String, Object> parsed = new LinkedHashMap<>();
    Map<String, String> texts = new LinkedHashMap<>();
    for (Setting<?> s : settings.values()) {
      String text = values.get(s.name());
      if (text == null) {
        text = env.apply(s.envName());
      }
      if (text == null) {
        text = s.defaultText();
      }
      if (text == null) {
        problems.add(s.name() + " is required (" + s.doc() + ")");
        continue;
      }
      try {
        parsed.put(s.name(), s.parse(text));
        texts.put(s.name(), text);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(name, problems);
    }
    return new Config(parsed, texts, passed);
  }

  /**
   * Splits {@code --name=value} and {@code --name value} arguments of declared options from the
   * rest.
   *
   * @param args command-line arguments
   * @param rest receives arguments that are not declared options (positionals, other flags)
   * @return the option values found
   */
  public Map<String, String> fromArgs(List<String> args, List<String> rest) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.startsWith("--")) {
        String body = a.substring(2);
        int eq = body.indexOf('=');
        String key = eq < 0 ? body : body.substring(0, eq);
        if (declares(key)) {
          if (eq >= 0) {
            values.put(key, body.substring(eq + 1));
            continue;
          }
          if (i + 1 < args.size()) {
            values.put(key, args.get(++i));
            continue;
          }
        }
      }
      rest.add(a);
    }
    return values;
  }

  /** Help text: one block per option with type, default, environment variable and description. */
  public String helpText() {
    StringBuilder out = new StringBuilder();
    for (Setting<?> s : settings.values()) {
      out.append("  --").append(s.name()).append("=<").append(s.type()).append(">\n");
      out.append("      ").append(s.doc()).append('\n');
      out.append("      default: ")
          .append(s.defaultText() == null ? "(required)" : "'" + s.defaultText() + "'")
          .append("   env: ")
          .append(s.envName())
          .append('\n');
    }
    prefixes.forEach(
        (p, doc) ->
            out.append("  --").append(p).append("<name>=<value>\n      ").append(doc).append('\n'));
    return out.toString();
  }

  /** The README table: option, default, description. */
  public String markdownTable() {
    StringBuilder out = new StringBuilder("| option | default | description |\n|---|---|---|\n");
    for (Setting<?> s : settings.values()) {
      out.append("| `")
          .append(s.name())
          .append("` | ")
          .append(
              s.defaultText() == null
                  ? "(required)"
                  : s.defaultText().isEmpty() ? "(empty)" : "`" + s.defaultText() + "`")
          .append(" | ")
          .append(s.doc().replace("|", "\\|"))
          .append(" |\n");
    }
    prefixes.forEach(
        (p, doc) ->
            out.append("| `")
                .append(p)
                .append("*` | | ")
                .append(doc.replace("|", "\\|"))
                .append(" |\n"));
    return out.toString();
  }

  private String suggestion(String key) {
    String best = null;
    int bestDistance = 4;
    for (String known : settings.keySet()) {
      int d = distance(key, known);
      if (d < bestDistance) {
        bestDistance = d;
        best = known;
      }
    }
    return best == null ? "" : " (did you mean '" + best + "'?)";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** Parsed, validated values of a group. */
  public static final class Config {
    private final Map<String, Object> values;
    private final Map<String, String> texts;
    private final Map<String, Map<String, String>> passed;

    Config(
        Map<String, Object> values,
        Map<String, String> texts,
        Map<String, Map<String, String>> passed) {
      this.values = Map.copyOf(values);
      this.texts = Map.copyOf(texts);
      Map<String, Map<String, String>> copy = new LinkedHashMap<>();
      passed.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
      this.passed = Map.copyOf(copy);
    }

    /**
     * The pass-through options given under a declared prefix, prefix removed (empty when none).
     *
     * @throws IllegalArgumentException when the group declares no such prefix
     */
    public Map<String, String> prefixed(String prefix) {
      Map<String, String> v = passed.get(prefix);
      if (v == null) {
        throw new IllegalArgumentException(
            "prefix " + prefix + " is not part of this configuration");
      }
      return v;
    }

    /** The value of a setting of this group. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
      Object v = values.get(setting.name());
      if (v == null && !values.containsKey(setting.name())) {
        throw new IllegalArgumentException(
            "option " + setting.name() + " is not part of this configuration");
      }
      return (T) Objects.requireNonNull(v);
    }

    /**
     * Every value as the text it was given or defaulted to (for logs; keep secrets out of
     * settings).
     */
    public Map<String, String> texts() {
      return texts;
    }
  }
}
