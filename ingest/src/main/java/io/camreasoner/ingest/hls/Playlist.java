package io.camreasoner.ingest.hls;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * An HLS playlist as RFC 8216 defines it, parsed: either a media playlist (segments with their
 * media sequence numbers, target duration, whether {@code #EXT-X-ENDLIST} closed it) or a
 * multivariant ("master") playlist naming media playlists. Only what ingest needs is kept; features
 * it cannot read (encrypted segments, fMP4 segments, byte ranges) make parsing fail with the
 * reason.
 */
sealed interface Playlist {

  /**
   * A media playlist.
   *
   * @param targetDurationSeconds {@code #EXT-X-TARGETDURATION}: no segment is longer
   * @param mediaSequence {@code #EXT-X-MEDIA-SEQUENCE}: the sequence number of the first listed
   *     segment
   * @param endList {@code #EXT-X-ENDLIST} present (or the playlist type is VOD): no segment will be
   *     added
   * @param segments the listed segments, in media sequence order
   */
  record Media(
      double targetDurationSeconds, long mediaSequence, boolean endList, List<Segment> segments)
      implements Playlist {
    /** Copies the segments. */
    public Media {
      segments = List.copyOf(segments);
    }

    /** Media sequence of the last listed segment (one less than the first when none is listed). */
    long lastSequence() {
      return mediaSequence + segments.size() - 1;
    }

    /** The listed segment of a media sequence number, or null. */
    Segment segment(long sequence) {
      long index = sequence - mediaSequence;
      return index >= 0 && index < segments.size() ? segments.get((int) index) : null;
    }
  }

  /**
   * A multivariant playlist.
   *
   * @param variants its media playlists, in the order listed
   */
  record Multivariant(List<Variant> variants) implements Playlist {
    /** Copies the variants. */
    public Multivariant {
      variants = List.copyOf(variants);
    }

    /** The variant ingest reads: the one of highest bandwidth (the most faithful picture). */
    Variant best() {
      return variants.stream().max(Comparator.comparingLong(Variant::bandwidth)).orElseThrow();
    }
  }

  /**
   * One media segment.
   *
   * @param sequence its media sequence number
   * @param uri where it is, resolved against the playlist
   * @param durationSeconds its {@code #EXTINF} duration
   */
  record Segment(long sequence, URI uri, double durationSeconds) {}

  /**
   * One variant stream of a multivariant playlist.
   *
   * @param uri its media playlist, resolved
   * @param bandwidth its {@code BANDWIDTH} attribute (bits/s; 0 when absent)
   */
  record Variant(URI uri, long bandwidth) {}

  /** A playlist ingest cannot read; the message is the reason a person sees. */
  final class UnsupportedPlaylistException extends Exception {
    private static final long serialVersionUID = 1L;

    UnsupportedPlaylistException(String reason) {
      super(reason);
    }
  }

  /**
   * Parses a playlist.
   *
   * @param base the playlist's own URI, against which segment and variant URIs are resolved
   * @throws UnsupportedPlaylistException when it is not an HLS playlist or uses a feature ingest
   *     cannot read
   */
  static Playlist parse(URI base, String text) throws UnsupportedPlaylistException {
    List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    if (lines.isEmpty() || !lines.get(0).startsWith("#EXTM3U")) {
      throw new UnsupportedPlaylistException("not an HLS playlist (no #EXTM3U header)");
    }
    List<Variant> variants = new ArrayList<>();
    List<Segment> segments = new ArrayList<>();
    double target = 0;
    long sequence = 0;
    boolean endList = false;
    double duration = -1;
    long bandwidth = -1;
    for (String line : lines.subList(1, lines.size())) {
      if (line.startsWith("#")) {
        String tag = line.contains(":") ? line.substring(0, line.indexOf(':')) : line;
        String value = line.contains(":") ? line.substring(line.indexOf(':') + 1) : "";
        switch (tag) {
          case "#EXT-X-TARGETDURATION" -> target = number(line, value);
          case "#EXT-X-MEDIA-SEQUENCE" -> sequence = (long) number(line, value);
          case "#EXT-X-ENDLIST" -> endList = true;
          case "#EXT-X-PLAYLIST-TYPE" -> endList |= value.strip().equalsIgnoreCase("VOD");
          case "#EXTINF" -> duration = number(line, value.split(",", 2)[0]);
          case "#EXT-X-STREAM-INF" -> bandwidth = bandwidth(value);
          case "#EXT-X-KEY" -> {
            if (!value.toUpperCase(Locale.ROOT).contains("METHOD=NONE")) {
              throw new UnsupportedPlaylistException(
                  "encrypted HLS segments (#EXT-X-KEY) are not supported");
            }
          }
          case "#EXT-X-MAP" ->
              throw new UnsupportedPlaylistException(
                  "fragmented-MP4 HLS segments (#EXT-X-MAP) are not supported; use MPEG-TS"
                      + " segments");
          case "#EXT-X-BYTERANGE" ->
              throw new UnsupportedPlaylistException(
                  "HLS byte-range segments (#EXT-X-BYTERANGE) are not supported");
          default -> {
            // tags ingest does not need (program date, discontinuity, version, ...)
          }
        }
        continue;
      }
      URI uri = base.resolve(line);
      if (bandwidth >= 0) {
        variants.add(new Variant(uri, bandwidth));
        bandwidth = -1;
      } else {
        segments.add(new Segment(sequence + segments.size(), uri, Math.max(0, duration)));
        duration = -1;
      }
    }
    if (!variants.isEmpty()) {
      return new Multivariant(variants);
    }
    if (target <= 0) {
      throw new UnsupportedPlaylistException(
          "not an HLS media playlist (no #EXT-X-TARGETDURATION)");
    }
    return new Media(target, sequence, endList, segments);
  }

  private static double number(String line, String value) throws UnsupportedPlaylistException {
    try {
      return Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      throw new UnsupportedPlaylistException("malformed HLS playlist line: " + line);
    }
  }

  private static long bandwidth(String attributes) {
    for (String attribute : attributes.split(",")) {
      String[] kv = attribute.split("=", 2);
      if (kv.length == 2 && kv[0].strip().equals("BANDWIDTH")) {
        try {
          return Long.parseLong(kv[1].strip());
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }
}
