package io.camreasoner.ingest.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Expands what the user named into sources: a directory becomes its video files (recursively, by
 * extension, in a stable sorted order), files and URLs pass through. Stream ids are derived stably
 * from the source unless the user gives one.
 */
public final class Sources {
  /** File extensions read as video when a directory is expanded. */
  public static final Set<String> VIDEO_EXTENSIONS =
      Set.of(
          "mp4", "m4v", "mov", "mkv", "webm", "avi", "ts", "mts", "m2ts", "mpg", "mpeg", "flv",
          "wmv", "3gp", "ogv", "mxf");

  private Sources() {}

  /**
   * Expands inputs. Paths that do not exist are kept (as file sources) so that ingest reports them
   * as failed inputs with a clear reason rather than dropping them silently.
   *
   * @param inputs files, directories or URLs as given
   * @param streamId a user-given stream id for a single input, or null to derive ids
   */
  public static List<Source> expand(List<String> inputs, String streamId) {
    return expand(inputs, streamId, null);
  }

  /**
   * Expands inputs, forcing live handling on ({@code true}), off ({@code false}) or leaving it to
   * the URL scheme ({@code null}).
   */
  public static List<Source> expand(List<String> inputs, String streamId, Boolean live) {
    List<Source> sources = new ArrayList<>();
    for (String input : inputs) {
      if (Source.scheme(input) != null) {
        sources.add(
            new Source(
                input,
                streamId != null ? streamId : deriveId(input),
                live != null ? live : isLive(input)));
        continue;
      }
      Path path = Path.of(input);
      if (Files.isDirectory(path)) {
        for (Path file : videoFiles(path)) {
          sources.add(new Source(file.toString(), deriveId(file.toString()), false));
        }
      } else {
        sources.add(new Source(input, streamId != null ? streamId : deriveId(input), false));
      }
    }
    if (streamId != null && sources.size() > 1) {
      throw new IllegalArgumentException(
          "a stream id names one stream, but the inputs expand to " + sources.size() + " sources");
    }
    return sources;
  }

  /** The video files under a directory, recursively, sorted by path. */
  public static List<Path> videoFiles(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> VIDEO_EXTENSIONS.contains(extension(p)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * True for live streaming schemes and HLS playlists (whose playlist has the last word once read:
   * see {@link Source#live()}).
   */
  static boolean isLive(String url) {
    String scheme = Source.scheme(url);
    return scheme != null
        && (Source.LIVE_SCHEMES.contains(scheme) || new Source(url, "", false).hls());
  }

  /**
   * A stable stream id: the source's base name (letters, digits, '-', '_', '.') plus 8 hex digits
   * of the SHA-256 of its normalised location (absolute path for files, URL without credentials),
   * so the same source always gets the same id and two files named alike in different folders do
   * not collide.
   */
  public static String deriveId(String location) {
    String normalised =
        Source.scheme(location) != null
            ? Source.redact(location)
            : Path.of(location).toAbsolutePath().normalize().toString();
    String base = normalised.replaceAll("[?#].*$", "");
    base = base.substring(base.lastIndexOf('/') + 1);
    int dot = base.lastIndexOf('.');
    if (dot > 0) {
      base = base.substring(0, dot);
    }
    base = base.replaceAll("[^A-Za-z0-9._-]", "_");
    if (base.isEmpty()) {
      base = "stream";
    }
    if (base.length() > 48) {
      base = base.substring(0, 48);
    }
    return base + "-" + sha256(normalised).substring(0, 8);
  }

  private static String extension(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JVM", e);
    }
  }
}
