package io.camreasoner.ingest.hls;

import io.camreasoner.ingest.decode.SourceException;
import io.camreasoner.ingest.source.Reconnects;
import io.camreasoner.ingest.source.Source;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media segments of an HLS playlist as one continuous MPEG-TS byte stream, for FFmpeg to demux
 * as if it were a single live TS feed. The playlist is followed here rather than by FFmpeg's HLS
 * demuxer so that everything live ingest must decide is explicit: each media sequence number is
 * fetched once, in order, whole (a segment is delivered entirely or not at all, so a drop never
 * duplicates bytes); {@code #EXT-X-ENDLIST} is the end of the stream; a drop (a failed request, or
 * a live playlist that stops growing without an end) is retried with the stream's {@link
 * Reconnects} budget and resumes at the next sequence not yet read, skipping forward (logged and
 * reported) when the server no longer lists it; a live playlist is joined at its live edge unless
 * asked to start from its first segment; a playlist that already has {@code #EXT-X-ENDLIST} (VOD)
 * is read straight through.
 *
 * <p>Reads block while a live playlist waits for its next segment. An interrupt of the reading
 * thread ends the stream at once (its flag stays set). The stream never throws: at its end, {@link
 * #end()} says why it ended and {@link #failure()} gives the reason of a failure. Read from one
 * thread only.
 */
public final class HlsSegmentStream extends InputStream {
  private static final Logger LOG = LoggerFactory.getLogger(HlsSegmentStream.class);

  /**
   * Segments before the end of a live playlist where reading starts by default: RFC 8216 §6.3.3 has
   * clients start no later than three target durations before the end (FFmpeg's {@code
   * live_start_index} defaults to -3 likewise), which leaves room for the next segment to arrive.
   */
  static final int LIVE_EDGE_SEGMENTS = 3;

  /** Why the stream ended. */
  public enum End {
    /** The playlist has {@code #EXT-X-ENDLIST} and every segment from the start was read. */
    ENDLIST,
    /** The reading thread was interrupted. */
    STOPPED,
    /** A drop outlasted the reconnect budget, or the playlist became unreadable. */
    FAILED
  }

  /** What the stream reports besides its bytes. */
  @FunctionalInterface
  public interface Listener {
    /** Segments no longer listed by the server were skipped (already logged). */
    void skipped(long segments);
  }

  /**
   * How to follow a playlist.
   *
   * @param fromFirstSegment start a live playlist at its first listed segment instead of the live
   *     edge
   * @param timeout how long one request (headers and body) may take
   */
  public record Options(boolean fromFirstSegment, Duration timeout) {}

  private final String display;
  private final Fetcher fetcher;
  private final Options options;
  private final Reconnects reconnects;
  private final Listener listener;
  private final boolean live;
  private URI playlistUri;
  private Playlist.Media playlist;
  private long reloadedAt;
  private boolean changed;
  private long grewAt;
  private long next;
  private byte[] segment = new byte[0];
  private int position;
  private End end;
  private String failure;

  private HlsSegmentStream(
      Source source,
      Fetcher fetcher,
      Options options,
      Reconnects reconnects,
      Listener listener,
      URI playlistUri,
      Playlist.Media playlist) {
    this.display = source.display();
    this.fetcher = fetcher;
    this.options = options;
    this.reconnects = reconnects;
    this.listener = listener;
    this.playlistUri = playlistUri;
    this.playlist = playlist;
    this.live = !playlist.endList();
    this.reloadedAt = System.nanoTime();
    this.grewAt = reloadedAt;
    this.next = startSequence(playlist, live, options.fromFirstSegment());
    if (live) {
      LOG.info(
          "{}: live HLS playlist (segments {} to {}, target {} s); starting at segment {}",
          display,
          playlist.mediaSequence(),
          playlist.lastSequence(),
          playlist.targetDurationSeconds(),
          next);
    }
  }

  /**
   * Loads the playlist of an HLS source (following a multivariant playlist to its best variant).
   *
   * @throws SourceException when the playlist cannot be had or read, with the reason
   */
  public static HlsSegmentStream open(
      Source source, Options options, Reconnects reconnects, Listener listener)
      throws SourceException {
    URI uri;
    String authorization = null;
    try {
      URI given = URI.create(source.location());
      String scheme = given.getScheme().equalsIgnoreCase("hls") ? "http" : given.getScheme();
      if (given.getRawUserInfo() != null) {
        String credentials = URLDecoder.decode(given.getRawUserInfo(), StandardCharsets.UTF_8);
        authorization =
            "Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
      }
      uri =
          new URI(
              scheme,
              null,
              given.getHost(),
              given.getPort(),
              given.getPath(),
              given.getQuery(),
              null);
    } catch (IllegalArgumentException | URISyntaxException e) {
      throw new SourceException(source.display(), "not a valid URL: " + e.getMessage(), false, e);
    }
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(options.timeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    Fetcher fetcher = new Fetcher(http, authorization, options.timeout());
    try {
      Fetched first = fetcher.get(uri);
      Playlist parsed = Playlist.parse(first.uri(), first.text());
      if (parsed instanceof Playlist.Multivariant multivariant) {
        uri = multivariant.best().uri();
        LOG.info(
            "{}: multivariant playlist; reading its {} b/s variant {}",
            source.display(),
            multivariant.best().bandwidth(),
            Source.redact(uri.toString()));
        first = fetcher.get(uri);
        parsed = Playlist.parse(first.uri(), first.text());
      }
      if (!(parsed instanceof Playlist.Media media)) {
        throw new SourceException(
            source.display(), "multivariant playlist names another multivariant", false, null);
      }
      return new HlsSegmentStream(
          source, fetcher, options, reconnects, listener, first.uri(), media);
    } catch (FetchException e) {
      throw new SourceException(source.display(), e.getMessage(), e.retriable, e);
    } catch (Playlist.UnsupportedPlaylistException e) {
      throw new SourceException(source.display(), e.getMessage(), false, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceException(source.display(), "stopped by request", false, e);
    }
  }

  static long startSequence(Playlist.Media playlist, boolean live, boolean fromFirstSegment) {
    if (!live || fromFirstSegment) {
      return playlist.mediaSequence();
    }
    return Math.max(playlist.mediaSequence(), playlist.lastSequence() + 1 - LIVE_EDGE_SEGMENTS);
  }

  /** True for a live playlist (no {@code #EXT-X-ENDLIST} when it was opened). */
  public boolean live() {
    return live;
  }

  /** Why the stream ended, or null while it has not. */
  public End end() {
    return end;
  }

  /** Why the stream failed (with the reconnects tried), or null. */
  public String failure() {
    return failure;
  }

  /** The media sequence number of the next segment to read. */
  public long nextSequence() {
    return next;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) {
    if (length == 0) {
      return 0;
    }
    while (position >= segment.length) {
      if (end != null || !nextSegment()) {
        return -1;
      }
    }
    int n = Math.min(length, segment.length - position);
    System.arraycopy(segment, position, buffer, offset, n);
    position += n;
    return n;
  }

  /** The bytes of the current segment not yet read: these never block. */
  @Override
  public int available() {
    return segment.length - position;
  }

  @Override
  public void close() {
    segment = new byte[0];
    position = 0;
    if (end == null) {
      end = End.STOPPED;
    }
  }

  @Override
  public String toString() {
    return display;
  }

  /** Fetches the next segment into the buffer; false when the stream ends (see {@link #end}). */
  private boolean nextSegment() {
    try {
      while (true) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException();
        }
        if (next < playlist.mediaSequence()) {
          long skipped = playlist.mediaSequence() - next;
          LOG.warn(
              "{}: the server has moved on: segments {} to {} are no longer listed; skipping about"
                  + " {} s to segment {}",
              display,
              next,
              playlist.mediaSequence() - 1,
              Math.round(skipped * playlist.targetDurationSeconds()),
              playlist.mediaSequence());
          listener.skipped(skipped);
          next = playlist.mediaSequence();
        }
        Playlist.Segment s = playlist.segment(next);
        if (s != null) {
          try {
            segment = fetcher.get(s.uri()).bytes();
            position = 0;
            next++;
            reconnects.recovered();
            return true;
          } catch (FetchException e) {
            if (!reconnects.awaitNext(e.getMessage() + " (segment " + s.sequence() + ")")) {
              return fail(reconnects.gaveUp(e.getMessage()));
            }
            if (!reload()) {
              return false;
            }
            continue;
          }
        }
        if (playlist.endList()) {
          end = End.ENDLIST;
          return false;
        }
        awaitReload();
        long lastBefore = playlist.lastSequence();
        if (!reload()) {
          return false;
        }
        if (playlist.lastSequence() <= lastBefore && !playlist.endList()) {
          long silentMillis = (System.nanoTime() - grewAt) / 1_000_000;
          if (silentMillis > stallLimit().toMillis()) {
            String reason =
                String.format(
                    Locale.ROOT,
                    "stalled: the live playlist has had no new segment for %.1f s",
                    silentMillis / 1000.0);
            if (!reconnects.awaitNext(reason)) {
              return fail(reconnects.gaveUp(reason));
            }
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      end = End.STOPPED;
      return false;
    }
  }

  /**
   * How long a live playlist may go without a new segment before it counts as stalled: the read
   * timeout, and never less than three target durations (servers add a segment every target
   * duration; RFC 8216 §6.3.4 has clients poll every half target duration while it has not).
   */
  private Duration stallLimit() {
    Duration threeTargets = Duration.ofMillis(Math.round(3000 * playlist.targetDurationSeconds()));
    return options.timeout().compareTo(threeTargets) > 0 ? options.timeout() : threeTargets;
  }

  /**
   * Waits until the playlist is due for a reload: one target duration after a reload that changed
   * it, half of one after a reload that did not (RFC 8216 §6.3.4).
   */
  private void awaitReload() throws InterruptedException {
    long interval = Math.round(playlist.targetDurationSeconds() * 1e9 / (changed ? 1 : 2));
    long wait = reloadedAt + interval - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  /** Reloads the playlist, retrying with the reconnect budget; false when the stream failed. */
  private boolean reload() throws InterruptedException {
    while (true) {
      Playlist.Media fresh;
      try {
        Fetched fetched = fetcher.get(playlistUri);
        Playlist parsed = Playlist.parse(fetched.uri(), fetched.text());
        if (!(parsed instanceof Playlist.Media media)) {
          return fail("the media playlist became a multivariant playlist");
        }
        fresh = media;
      } catch (FetchException e) {
        if (!reconnects.awaitNext(e.getMessage() + " (playlist)")) {
          return fail(reconnects.gaveUp(e.getMessage()));
        }
        continue;
      } catch (Playlist.UnsupportedPlaylistException e) {
        return fail(e.getMessage());
      }
      long now = System.nanoTime();
      changed =
          fresh.lastSequence() != playlist.lastSequence()
              || fresh.mediaSequence() != playlist.mediaSequence()
              || fresh.endList() != playlist.endList();
      if (fresh.lastSequence() > playlist.lastSequence() || fresh.endList()) {
        grewAt = now;
      }
      if (fresh.lastSequence() < next - 1) {
        long restart = startSequence(fresh, true, false);
        LOG.warn(
            "{}: the playlist restarted (its media sequence went back from {} to {}); following"
                + " it from segment {}",
            display,
            next - 1,
            fresh.lastSequence(),
            restart);
        next = restart;
        grewAt = now;
      }
      playlist = fresh;
      reloadedAt = now;
      return true;
    }
  }

  private boolean fail(String reason) {
    failure = reason;
    end = End.FAILED;
    return false;
  }

  /** A response body and the URI it came from (after redirects). */
  private record Fetched(URI uri, byte[] bytes) {
    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** A request that failed; the message is the reason a person sees. */
  private static final class FetchException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean retriable;

    FetchException(String reason, boolean retriable, Throwable cause) {
      super(reason, cause);
      this.retriable = retriable;
    }
  }

  /** GETs whole bodies with one deadline for headers and body together. */
  private record Fetcher(HttpClient http, String authorization, Duration timeout) {
    Fetched get(URI uri) throws FetchException, InterruptedException {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      CompletableFuture<HttpResponse<byte[]>> response =
          http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      try {
        HttpResponse<byte[]> r = response.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        int status = r.statusCode();
        if (status == 404 || status == 410) {
          throw new FetchException("not found on the server (HTTP " + status + ")", false, null);
        }
        if (status == 401 || status == 403) {
          throw new FetchException(
              "refused by the server (HTTP " + status + "): check credentials", false, null);
        }
        if (status != 200) {
          throw new FetchException("the server answered HTTP " + status, true, null);
        }
        return new Fetched(r.uri(), r.body());
      } catch (TimeoutException e) {
        response.cancel(true);
        throw new FetchException("unreachable: no answer within the timeout", true, e);
      } catch (InterruptedException e) {
        response.cancel(true);
        throw e;
      } catch (ExecutionException e) {
        throw reason(e.getCause());
      }
    }

    private static FetchException reason(Throwable cause) {
      if (cause instanceof HttpConnectTimeoutException || cause instanceof HttpTimeoutException) {
        return new FetchException("unreachable: no answer within the timeout", true, cause);
      }
      if (cause instanceof ConnectException) {
        return new FetchException("unreachable: connection refused", true, cause);
      }
      if (cause instanceof UnresolvedAddressException
          || cause instanceof java.net.UnknownHostException) {
        return new FetchException("unreachable: host name does not resolve", false, cause);
      }
      if (cause instanceof IOException) {
        return new FetchException("stream dropped (" + cause.getMessage() + ")", true, cause);
      }
      return new FetchException("cannot fetch (" + cause + ")", true, cause);
    }
  }
}
