package io.camreasoner.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench e2e --scaling}: the pipeline's throughput with 1 and 2 cores and with 1, 2 and 4
 * inputs at once, each run a child JVM ({@code bench e2e --summary}) pinned to its cores with
 * {@code taskset} and told its core count ({@code -XX:ActiveProcessorCount}, so worker threads and
 * FFmpeg size themselves to it), printed as a table with plain decode on the same cores.
 */
final class E2eScaling {
  static final int[] CORES = {1, 2};
  static final int[] INPUTS = {1, 2, 4};

  private final PrintWriter out;
  private final Path video;

  E2eScaling(PrintWriter out, Path video) {
    this.out = out;
    this.video = video;
  }

  void run() throws IOException, InterruptedException {
    List<Integer> cpus = allowedCpus();
    out.printf(
        "%nscaling on %s (%d CPUs allowed here); each row a fresh JVM, start-up included%n",
        video, cpus.size());
    out.printf(
        "%5s %6s %9s %8s %10s %10s %9s %14s %9s%n",
        "cores",
        "inputs",
        "video s",
        "wall s",
        "real time",
        "frames/s",
        "CPU s",
        "decode fps",
        "of decode");
    out.flush();
    for (int cores : CORES) {
      if (cores > cpus.size()) {
        out.printf("%5d  (skipped: only %d CPUs here)%n", cores, cpus.size());
        continue;
      }
      for (int n : INPUTS) {
        Map<String, Double> r = child(cpus.subList(0, cores), n);
        if (r == null) {
          continue;
        }
        double frames = r.get("frames");
        out.printf(
            "%5d %6d %9.0f %8.2f %9.1fx %10.0f %9.2f %14.0f %8.2fx%n",
            cores,
            n,
            r.get("video"),
            r.get("wall"),
            r.get("video") / r.get("wall"),
            frames / r.get("wall"),
            r.get("cpu"),
            frames / r.get("decode"),
            r.get("decode") / r.get("wall"));
        out.flush();
      }
    }
  }

  /** Runs one row in a child JVM; null (with the reason printed) when it fails. */
  private Map<String, Double> child(List<Integer> cpus, int inputs)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/taskset"))) {
      cmd.add("/usr/bin/taskset");
      cmd.add("-c");
      cmd.add(String.join(",", cpus.stream().map(String::valueOf).toList()));
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!arg.startsWith("-XX:ActiveProcessorCount")
          && !arg.startsWith("-XX:ArchiveClassesAtExit")
          && !arg.startsWith("-agentlib")
          && !arg.startsWith("-javaagent")) {
        cmd.add(arg);
      }
    }
    cmd.add("-XX:ActiveProcessorCount=" + cpus.size());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(BenchCommand.class.getName());
    cmd.addAll(
        List.of(
            "e2e",
            "--input",
            video.toString(),
            "--inputs",
            String.valueOf(inputs),
            "--decode-threads",
            String.valueOf(cpus.size()),
            "--live-seconds",
            "0",
            "--summary"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
      out.printf(
          "%5d %6d  failed: %s%n",
          cpus.size(), inputs, output.lines().reduce((a, b) -> b).orElse("no output"));
      return null;
    }
    for (String line : output.lines().toList()) {
      if (line.startsWith(E2eBench.SUMMARY + " ")) {
        Map<String, Double> values = new HashMap<>();
        for (String pair : line.substring(E2eBench.SUMMARY.length() + 1).split(" ")) {
          String[] kv = pair.split("=", 2);
          values.put(kv[0], Double.parseDouble(kv[1]));
        }
        return values;
      }
    }
    out.printf("%5d %6d  failed: no summary line%n", cpus.size(), inputs);
    return null;
  }

  /** The CPUs this process may run on (Linux's Cpus_allowed_list), else 0..n-1. */
  static List<Integer> allowedCpus() {
    List<Integer> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Cpus_allowed_list:")) {
          for (String range : line.substring(line.indexOf(':') + 1).trim().split(",")) {
            String[] ends = range.split("-");
            int from = Integer.parseInt(ends[0].trim());
            int to = Integer.parseInt(ends[ends.length - 1].trim());
            for (int c = from; c <= to; c++) {
              out.add(c);
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      out.clear();
    }
    if (out.isEmpty()) {
      for (int c = 0; c < Runtime.getRuntime().availableProcessors(); c++) {
        out.add(c);
      }
    }
    return out;
  }
}
