package io.camreasoner.platform.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Child JVMs on the running tests' classpath, for tests that must kill a process (SIGKILL, SIGTERM)
 * and start it again: a worker, the launcher, a service. Output and errors go to one log file.
 */
public final class ChildJvm {
  private ChildJvm() {}

  private static final String JAVACPP_CACHE = "org.bytedeco.javacpp.cachedir";

  /**
   * Starts {@code main} with {@code args}; its output goes to {@code dir/logName}. The child shares
   * this JVM's JavaCPP native cache unless {@code jvmOptions} names one.
   */
  public static Process start(
      Path dir, String logName, List<String> jvmOptions, String main, String... args)
      throws IOException {
    return start(dir, logName, jvmOptions, Map.of(), main, args);
  }

  /**
   * Starts {@code main} with {@code args} and these environment variables added to this JVM's
   * (secrets a service reads from its environment); its output goes to {@code dir/logName}.
   */
  public static Process start(
      Path dir,
      String logName,
      List<String> jvmOptions,
      Map<String, String> environment,
      String main,
      String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx384m");
    cmd.addAll(jvmOptions);
    String cache = System.getProperty(JAVACPP_CACHE);
    if (cache != null && jvmOptions.stream().noneMatch(o -> o.startsWith("-D" + JAVACPP_CACHE))) {
      cmd.add("-D" + JAVACPP_CACHE + "=" + cache);
    }
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Djava.io.tmpdir=" + dir);
    cmd.add("-cp");
    cmd.add(testClassPath());
    cmd.add(main);
    cmd.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(logName).toFile()));
    builder.environment().putAll(environment);
    return builder.start();
  }

  /** The classpath of the running tests (surefire and failsafe use a manifest-only jar). */
  public static String testClassPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }
}
