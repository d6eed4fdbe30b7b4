package io.camreasoner.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The figures of one {@code bench e2e} run, and the earlier measurements the repository keeps
 * ({@code e2e-previous.properties}, written by {@code bench e2e --record FILE} on a real run) that
 * each run is compared with, keyed by the input ({@link E2eMedia.Spec#key()}).
 *
 * @param measured where and when the figures were taken (date, machine, load)
 * @param command the command that took them
 * @param realtime seconds of video per second of wall time, start-up included
 * @param decodeRatio plain FFmpeg decode's wall time over the pipeline's (same run)
 * @param wall wall seconds of the pipeline, start-up included
 * @param startup seconds from JVM start to the stack being ready
 * @param heapMiB peak heap in use
 * @param cpu CPU seconds by stage
 */
record E2eFigures(
    String measured,
    String command,
    double realtime,
    double decodeRatio,
    double wall,
    double startup,
    long heapMiB,
    Map<CpuMeter.Stage, Double> cpu) {

  /** The resource holding the previous figures. */
  static final String RESOURCE = "e2e-previous.properties";

  /** The previous figures of an input, if the repository keeps some. */
  static Optional<E2eFigures> previous(String key) throws IOException {
    try (InputStream in = E2eFigures.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return Optional.empty();
      }
      Properties p = new Properties();
      p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      return read(p, key);
    }
  }

  static Optional<E2eFigures> read(Properties p, String key) {
    String realtime = p.getProperty(key + ".realtime");
    if (realtime == null) {
      return Optional.empty();
    }
    Map<CpuMeter.Stage, Double> cpu = new EnumMap<>(CpuMeter.Stage.class);
    for (CpuMeter.Stage s : CpuMeter.Stage.values()) {
      String v = p.getProperty(key + ".cpu." + s.id);
      if (v != null) {
        cpu.put(s, Double.parseDouble(v));
      }
    }
    return Optional.of(
        new E2eFigures(
            p.getProperty(key + ".measured", "unknown"),
            p.getProperty(key + ".command", "unknown"),
            Double.parseDouble(realtime),
            Double.parseDouble(p.getProperty(key + ".decode-ratio", "NaN")),
            Double.parseDouble(p.getProperty(key + ".wall", "NaN")),
            Double.parseDouble(p.getProperty(key + ".startup", "NaN")),
            Long.parseLong(p.getProperty(key + ".heap-mib", "0")),
            cpu));
  }

  /** Adds (or replaces) this run's figures under {@code key} in a properties file. */
  void record(Path file, String key) throws IOException {
    Properties p = new Properties();
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    if (Files.exists(file)) {
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      }
    }
    p.stringPropertyNames().stream().filter(n -> n.startsWith(key + ".")).forEach(p::remove);
    p.setProperty(key + ".measured", measured);
    p.setProperty(key + ".command", command);
    p.setProperty(key + ".realtime", fmt(realtime));
    p.setProperty(key + ".decode-ratio", fmt(decodeRatio));
    p.setProperty(key + ".wall", fmt(wall));
    p.setProperty(key + ".startup", fmt(startup));
    p.setProperty(key + ".heap-mib", String.valueOf(heapMiB));
    cpu.forEach((s, v) -> p.setProperty(key + ".cpu." + s.id, fmt(v)));
    Map<String, String> sorted = new TreeMap<>();
    p.stringPropertyNames().forEach(n -> sorted.put(n, p.getProperty(n)));
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(
          "# Figures of earlier `camreasoner bench e2e` runs, keyed by input; each run prints its\n"
              + "# ratio to them. Written by `bench e2e --record FILE` (never by hand).\n");
      for (Map.Entry<String, String> e : sorted.entrySet()) {
        Properties one = new Properties();
        one.setProperty(e.getKey(), e.getValue());
        java.io.StringWriter line = new java.io.StringWriter();
        one.store(line, null);
        // Properties.store adds a date comment: keep only the entry
        line.toString().lines().filter(l -> !l.startsWith("#")).forEach(l -> write(w, l));
      }
    }
  }

  private static void write(Writer w, String line) {
    try {
      w.write(line);
      w.write('\n');
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The machine in a few words: CPU model (Linux's /proc/cpuinfo), cores, OS. */
  static String machine() {
    String cpu = "unknown CPU";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .findFirst()
              .orElse(cpu);
    } catch (IOException e) {
      // not Linux: the core count and OS still say something
    }
    return String.format(
        java.util.Locale.ROOT,
        "%s, %d cores, %s %s",
        cpu,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.arch"));
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.3f", v);
  }
}
