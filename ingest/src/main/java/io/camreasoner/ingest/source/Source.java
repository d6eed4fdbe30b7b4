package io.camreasoner.ingest.source;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One video source: a file or a URL, with the stream id its messages carry.
 *
 * @param location file path or URL as given (URL credentials are kept here for opening, but never
 *     shown: see {@link #display()})
 * @param streamId stable id of the stream, the Kafka key of its messages
 * @param live true for live network sources (reconnected after drops, paced by their timestamps
 *     unless they are HLS); an HLS playlist is live until opened, then its playlist decides: one
 *     that already has {@code #EXT-X-ENDLIST} is read as an archive
 */
public record Source(String location, String streamId, boolean live) {
  /** URL schemes read as live streams. */
  public static final Set<String> LIVE_SCHEMES =
      Set.of("rtsp", "rtsps", "rtmp", "rtmps", "srt", "udp", "rtp");

  /** URL schemes read as network sources (live or progressive). */
  public static final Set<String> URL_SCHEMES =
      Set.of("rtsp", "rtsps", "rtmp", "rtmps", "srt", "udp", "rtp", "http", "https", "hls");

  /** Validates the fields. */
  public Source {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(streamId, "streamId");
  }

  /** True if the location is a URL rather than a file. */
  public boolean isUrl() {
    return scheme(location) != null;
  }

  /**
   * True for an HLS playlist: an http(s) URL whose path ends in {@code .m3u8} or {@code .m3u}, or
   * an {@code hls://} URL (read over HTTP). Ingest follows these playlists itself.
   */
  public boolean hls() {
    String scheme = scheme(location);
    if (scheme == null) {
      return false;
    }
    if (scheme.equals("hls")) {
      return true;
    }
    String path = location.replaceAll("[?#].*$", "").toLowerCase(Locale.ROOT);
    return scheme.startsWith("http") && (path.endsWith(".m3u8") || path.endsWith(".m3u"));
  }

  /** The file of a file source. */
  public Path path() {
    if (isUrl()) {
      throw new IllegalStateException(display() + " is a URL, not a file");
    }
    return Path.of(location);
  }

  /** The location with any URL credentials removed: what logs, messages and errors show. */
  public String display() {
    return redact(location);
  }

  /** The URL scheme of a location in lower case, or null for a file path. */
  public static String scheme(String location) {
    int colon = location.indexOf("://");
    if (colon <= 0) {
      return null;
    }
    String scheme = location.substring(0, colon).toLowerCase(Locale.ROOT);
    return URL_SCHEMES.contains(scheme) ? scheme : null;
  }

  /** Removes {@code user:password@} from a URL; returns file paths unchanged. */
  public static String redact(String location) {
    if (scheme(location) == null) {
      return location;
    }
    try {
      URI uri = URI.create(location);
      if (uri.getRawUserInfo() == null) {
        return location;
      }
      return location.replace(uri.getRawUserInfo() + "@", "");
    } catch (IllegalArgumentException e) {
      return location.replaceAll("//[^/@]*@", "//");
    }
  }
}
