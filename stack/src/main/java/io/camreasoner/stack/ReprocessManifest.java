package io.camreasoner.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camreasoner.ingest.source.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger of a reprocessing job's finished files ({@code OUT/manifest.jsonl}, one JSON line per
 * file, appended and synced as each finishes), so an interrupted job run again skips what it
 * already did. A file counts as finished while its location, size and modification time are those
 * recorded; a changed file is processed again. The output directory holds one result set: the
 * manifest names the producer of each file's results.
 */
public final class ReprocessManifest {
  private static final Logger LOG = LoggerFactory.getLogger(ReprocessManifest.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The manifest's file name in the output directory. */
  public static final String FILE = "manifest.jsonl";

  /**
   * One finished file.
   *
   * @param location the input's location
   * @param size its size in bytes (-1 for a URL)
   * @param modifiedMs its modification time (-1 for a URL)
   * @param streamId its stream id
   * @param session its ingest session
   * @param producer what produced its results
   * @param shots shots in its timeline
   * @param segments segments over all shots
   * @param frames frames read
   * @param json its JSON file, relative to the output directory
   * @param finishedAtMs when it finished (epoch ms)
   */
  public record Entry(
      String location,
      long size,
      long modifiedMs,
      String streamId,
      long session,
      String producer,
      int shots,
      int segments,
      long frames,
      String json,
      long finishedAtMs) {}

  private final Path file;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  private ReprocessManifest(Path file) {
    this.file = file;
  }

  /** Reads (or starts) the manifest of an output directory. */
  public static ReprocessManifest open(Path outputDir) throws IOException {
    Files.createDirectories(outputDir);
    ReprocessManifest m = new ReprocessManifest(outputDir.resolve(FILE));
    if (Files.exists(m.file)) {
      for (String line : Files.readAllLines(m.file, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        try {
          Entry e = JSON.readValue(line, Entry.class);
          m.entries.put(e.location(), e);
        } catch (IOException e) {
          // a line torn by a kill while it was written: that file is processed again
          LOG.warn("ignoring an unreadable manifest line in {}: {}", m.file, e.getMessage());
        }
      }
    }
    return m;
  }

  /** The entry of a source finished earlier and unchanged since, if there is one. */
  public Optional<Entry> finished(Source source) {
    Entry e = entries.get(source.location());
    if (e == null) {
      return Optional.empty();
    }
    long[] now = identity(source);
    return e.size() == now[0] && e.modifiedMs() == now[1] ? Optional.of(e) : Optional.empty();
  }

  /** The producers of the recorded results, each once. */
  public List<String> producers() {
    return entries.values().stream().map(Entry::producer).distinct().toList();
  }

  /** Every recorded entry, by location. */
  public Map<String, Entry> entries() {
    return Map.copyOf(entries);
  }

  /** Size and modification time of a file source; -1, -1 for a URL or a missing file. */
  public static long[] identity(Source source) {
    if (source.isUrl()) {
      return new long[] {-1, -1};
    }
    try {
      Path p = source.path();
      return new long[] {Files.size(p), Files.getLastModifiedTime(p).toMillis()};
    } catch (IOException e) {
      return new long[] {-1, -1};
    }
  }

  /** Records a finished file, durably, before returning. */
  public void record(Entry entry) {
    entries.put(entry.location(), entry);
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ch.write(
          ByteBuffer.wrap(
              (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the manifest " + file, e);
    }
  }
}
