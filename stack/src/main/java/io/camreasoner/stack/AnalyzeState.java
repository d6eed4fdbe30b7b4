package io.camreasoner.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camreasoner.ingest.pipeline.IngestResult;
import io.camreasoner.ingest.source.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable state of one {@code analyze} run, which lets an interrupted run (Ctrl-C, SIGKILL, a
 * crash) be started again and resume instead of starting over.
 *
 * <p>A run lives in a directory under the state root named after a digest of what it analyses: each
 * input's location plus, for files, size and modification time, and the reasoner choice. So the
 * same command over unchanged inputs finds the directory of its interrupted predecessor, and a
 * changed file or another backend gets a fresh one. The directory holds the embedded broker's data
 * and the aggregator's state stores (so the windows, events and timelines already produced survive)
 * and a ledger of the inputs whose timelines were complete. A resumed run skips the ledger's
 * inputs, whose timelines it reads back from the shot-timelines topic, and ingests the others again
 * from the start: windows are deterministic and the aggregator ignores windows it already folded,
 * so every segment still appears once. The directory is deleted when a run completes.
 *
 * <p>An exclusive file lock keeps two runs of the same inputs apart.
 */
public final class AnalyzeState implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AnalyzeState.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LEDGER = "done.jsonl";
  private static final String BROKER_PID = "broker.pid";

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Map<String, IngestResult> done = new LinkedHashMap<>();
  private final boolean resumed;

  private AnalyzeState(Path dir, FileChannel lockChannel, FileLock lock) throws IOException {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
    Path ledger = dir.resolve(LEDGER);
    this.resumed =
        Files.exists(dir.resolve("kafka"))
            || Files.exists(dir.resolve("aggregator-state"))
            || Files.exists(ledger);
    if (Files.exists(ledger)) {
      for (String line : Files.readAllLines(ledger, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          try {
            IngestResult r = JSON.readValue(line, IngestResult.class);
            done.put(r.streamId(), r);
          } catch (IOException e) {
            // a line torn by a kill while it was written: that input is simply analysed again
            LOG.warn("ignoring an unreadable ledger line in {}: {}", ledger, e.getMessage());
          }
        }
      }
    }
  }

  /**
   * Opens (creating or resuming) the state of a run over these sources.
   *
   * @param root the state root, e.g. {@code ~/.cache/camreasoner/analyze}
   * @param sources the run's inputs, expanded
   * @param choices everything else that changes results (backend, worker options)
   * @param fresh discard what an interrupted run left and start over
   * @throws IllegalStateException when another run over the same inputs holds the state
   */
  public static AnalyzeState open(Path root, List<Source> sources, String choices, boolean fresh)
      throws IOException {
    Path dir = root.resolve(runKey(sources, choices));
    Files.createDirectories(dir);
    FileChannel channel =
        FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new IllegalStateException(
          "another analyze over the same inputs is running (state " + dir + ")");
    }
    awaitPreviousBroker(dir);
    if (fresh) {
      LocalFiles.deleteTree(dir, p -> p.equals(dir) || p.getFileName().toString().equals("lock"));
    }
    return new AnalyzeState(dir, channel, lock);
  }

  /** The digest naming a run's directory. */
  static String runKey(List<Source> sources, String choices) {
    StringBuilder text = new StringBuilder(choices).append('\n');
    for (Source s : sources) {
      text.append(s.location());
      if (!s.isUrl()) {
        try {
          Path p = s.path().toAbsolutePath().normalize();
          text.append('|').append(p);
          if (Files.isRegularFile(p)) {
            text.append('|')
                .append(Files.size(p))
                .append('|')
                .append(Files.getLastModifiedTime(p).toMillis());
          }
        } catch (IOException e) {
          text.append("|unreadable");
        }
      }
      text.append('\n');
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return "run-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The run's directory (broker data, aggregator state, ledger). */
  public Path dir() {
    return dir;
  }

  /** True when an interrupted run left this state behind. */
  public boolean resumed() {
    return resumed;
  }

  /** The ingest result of an input whose timelines were already complete, if it is one. */
  public Optional<IngestResult> done(String streamId) {
    return Optional.ofNullable(done.get(streamId));
  }

  /** Number of inputs already complete. */
  public int doneCount() {
    return done.size();
  }

  /** Records that an input's timelines are complete, durably, before returning. */
  public void markDone(IngestResult result) {
    if (done.putIfAbsent(result.streamId(), result) != null) {
      return;
    }
    try (FileChannel ledger =
        FileChannel.open(
            dir.resolve(LEDGER),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
      ledger.write(
          java.nio.ByteBuffer.wrap(
              (JSON.writeValueAsString(result) + "\n").getBytes(StandardCharsets.UTF_8)));
      ledger.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run ledger in " + dir, e);
    }
  }

  /** Remembers the embedded broker's process, so a resumed run can wait for it to be gone. */
  public void brokerStarted(long pid) {
    try {
      Files.writeString(dir.resolve(BROKER_PID), Long.toString(pid));
    } catch (IOException e) {
      LOG.warn("cannot record the broker pid in {}: {}", dir, e.getMessage());
    }
  }

  /**
   * A killed run's broker notices its parent is gone and exits on its own; until then it holds the
   * data directory. Waits for it, and kills it if it lingers.
   */
  private static void awaitPreviousBroker(Path dir) throws IOException {
    Path pidFile = dir.resolve(BROKER_PID);
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile).trim());
    } catch (NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> old = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (old.isEmpty()) {
      return;
    }
    ProcessHandle p = old.get();
    boolean broker = p.info().commandLine().map(c -> c.contains("BrokerMain")).orElse(false);
    if (!broker) {
      return; // the pid was reused by something else
    }
    LOG.info("waiting for the previous run's broker (pid {}) to exit", pid);
    try {
      p.onExit().get(Duration.ofSeconds(15).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      LOG.warn("the previous run's broker (pid {}) is still running; killing it", pid);
      p.destroyForcibly();
      p.onExit().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the previous broker", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("cannot wait for the previous broker", e);
    }
  }

  /** The run completed: its state is no longer needed and is deleted. */
  public void complete() {
    close();
    try {
      LocalFiles.deleteTree(dir);
    } catch (IOException e) {
      LOG.warn("cannot delete the run state {}: {}", dir, e.getMessage());
    }
  }

  /** Releases the lock; the state stays for a later run to resume. */
  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
      lockChannel.close();
    } catch (IOException e) {
      LOG.debug("cannot release the run lock in {}", dir, e);
    }
  }
}
