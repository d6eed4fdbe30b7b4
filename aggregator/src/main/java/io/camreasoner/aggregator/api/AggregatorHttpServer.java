package io.camreasoner.aggregator.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camreasoner.aggregator.curve.CurvePoint;
import io.camreasoner.aggregator.export.ExportFormat;
import io.camreasoner.aggregator.export.Exports;
import io.camreasoner.aggregator.export.VideoTimeline;
import io.camreasoner.aggregator.fold.TimelineId;
import io.camreasoner.platform.http.HttpAccess;
import io.camreasoner.schemas.avro.ShotTimeline;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator's HTTP server (Javalin): the query API, server-sent events and the dashboard.
 *
 * <ul>
 *   <li>{@code GET /api/streams} — every stream of every instance (instances ask each other).
 *   <li>{@code GET /api/streams/{id}} — the shots of a stream's latest timeline (its latest ingest
 *       session, the producer that changed it last; {@code ?session=N|all} and {@code
 *       ?producer=P|all} choose others) and the list of its timelines; forwarded to the owning
 *       instance. {@code ?format=jsonl|csv|edl|otio|vtt|chapters} answers the selected timeline as
 *       that export instead ({@link Exports}; {@code ?start-timecode=HH:MM:SS:FF} gives the
 *       source's start timecode, which the topics do not carry).
 *   <li>{@code GET /api/streams/{id}/shots/{n}} — one shot (same selection); forwarded likewise.
 *   <li>{@code GET /api/ready} — readiness: 200 once the local state stores answer, 503 before;
 *       open without credentials (it shows no data), for orchestrators' probes.
 *   <li>{@code GET /api/streams/{id}/shots/{n}/thumbnail.jpg} — the shot's thumbnail (JPEG, same
 *       selection; 404 while it has none); forwarded likewise.
 *   <li>{@code GET /api/streams/{id}/curves} — the motion curves of the selected timeline(s): one
 *       {@link CurvePoint} per window, in time order; forwarded likewise.
 *   <li>{@code GET /api/events} — SSE: one {@code timeline} event (a shot as JSON) per update.
 *   <li>{@code GET /} — the live dashboard (static files from the classpath, no build step).
 * </ul>
 *
 * A request already forwarded once ({@code ?local=true}) is answered from local state only, so
 * forwarding never loops. Binds to the configured host (loopback unless opened up on purpose); with
 * {@link HttpAccess} credentials configured every request, the dashboard included, needs them (401
 * otherwise), and forwarded requests carry them.
 */
public final class AggregatorHttpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AggregatorHttpServer.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String LOCAL = "local";
  private static final String SESSION = "session";
  private static final String PRODUCER = "producer";

  /** The readiness probe's path: served without credentials, it shows no data. */
  public static final String READY = "/api/ready";

  private static final String FORMAT = "format";
  private static final String START_TIMECODE = "start-timecode";

  private final TimelineDirectory directory;
  private final TimelineFeed feed;
  private final HttpAccess access;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final Javalin app;

  private AggregatorHttpServer(TimelineDirectory directory, TimelineFeed feed, HttpAccess access) {
    this.directory = directory;
    this.feed = feed;
    this.access = access;
    this.app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.staticFiles.add(
                  sf -> {
                    sf.hostedPath = "/";
                    sf.directory = "/io/camreasoner/aggregator/dashboard";
                    sf.location = Location.CLASSPATH;
                  });
            });
    // every request, the dashboard's static files and the event stream included
    app.before(this::authenticate);
    app.get(READY, this::ready);
    app.get("/api/streams", this::streams);
    app.get("/api/streams/{id}", this::stream);
    app.get("/api/streams/{id}/shots/{n}", this::shot);
    app.get("/api/streams/{id}/curves", this::curves);
    app.get("/api/streams/{id}/shots/{n}/thumbnail.jpg", this::thumbnail);
    app.sse(
        "/api/events",
        client -> {
          client.keepAlive();
          client.sendComment("connected");
          Runnable unsubscribe =
              feed.subscribe(
                  json -> {
                    if (client.terminated()) {
                      throw new IllegalStateException("client gone");
                    }
                    client.sendEvent("timeline", json);
                  });
          client.onClose(unsubscribe);
        });
    app.exception(
        IllegalStateException.class,
        (e, ctx) -> {
          ctx.status(503).header("Retry-After", "1");
          ctx.json(Map.of("error", "not ready: " + e.getMessage()));
        });
    // stores restoring or migrating after a restart or rebalance: ready again shortly
    app.exception(
        InvalidStateStoreException.class,
        (e, ctx) -> {
          ctx.status(503).header("Retry-After", "1");
          ctx.json(Map.of("error", "state stores not ready (restoring or rebalancing)"));
        });
  }

  /** Starts a server open to anyone who reaches {@code host:port} (port 0 = any free port). */
  public static AggregatorHttpServer start(
      TimelineDirectory directory, TimelineFeed feed, String host, int port) {
    return start(directory, feed, host, port, HttpAccess.OPEN);
  }

  /**
   * Starts a server on {@code host:port} (port 0 = any free port) serving only requests {@code
   * access} allows; requests it forwards to other instances carry this instance's credentials.
   */
  public static AggregatorHttpServer start(
      TimelineDirectory directory, TimelineFeed feed, String host, int port, HttpAccess access) {
    AggregatorHttpServer server = new AggregatorHttpServer(directory, feed, access);
    server.app.start(host, port);
    LOG.info(
        "aggregator HTTP on http://{}:{}/{}",
        host,
        server.app.port(),
        access.required() ? " (authentication required)" : "");
    access.warnIfOpen(LOG, "the query API and dashboard", host);
    return server;
  }

  private void authenticate(Context ctx) {
    if (ctx.path().equals(READY)) {
      return;
    }
    switch (access.check(
        ctx.header("Authorization"),
        ctx.header("Cookie"),
        ctx.queryParam(HttpAccess.TOKEN_PARAM))) {
      case ALLOWED -> {}
      case ALLOWED_KEEP_TOKEN -> ctx.header("Set-Cookie", access.keepTokenCookie());
      case REFUSED -> {
        ctx.header("WWW-Authenticate", access.challenge());
        throw new UnauthorizedResponse("authentication required");
      }
    }
  }

  /** The port actually bound. */
  public int port() {
    return app.port();
  }

  /** 200 once this instance's state stores answer queries; 503 (+ Retry-After) before. */
  private void ready(Context ctx) {
    directory.localStreams();
    ctx.json(Map.of("ready", true));
  }

  private void streams(Context ctx) throws IOException, InterruptedException {
    List<StreamSummary> all = new ArrayList<>(directory.localStreams());
    if (ctx.queryParam(LOCAL) == null) {
      for (String instance : directory.otherInstances()) {
        try {
          HttpResponse<String> r = get(instance, "/api/streams?local=true");
          if (r.statusCode() == 200) {
            all.addAll(MAPPER.readValue(r.body(), new TypeReference<List<StreamSummary>>() {}));
          } else {
            LOG.warn("instance {} answered {} listing its streams", instance, r.statusCode());
          }
        } catch (IOException e) {
          LOG.warn("instance {} unreachable listing its streams: {}", instance, e.toString());
        }
      }
    }
    all.sort(Comparator.comparing(StreamSummary::streamId));
    ctx.json(all);
  }

  private void stream(Context ctx) throws IOException, InterruptedException {
    String id = ctx.pathParam("id");
    if (forwarded(ctx, id, "/api/streams/" + encode(id))) {
      return;
    }
    List<ShotTimeline> all = directory.localShots(id);
    if (all.isEmpty()) {
      ctx.status(404).json(Map.of("error", "no stream '" + id + "'"));
      return;
    }
    Optional<List<ShotTimeline>> shots = selected(ctx, all);
    if (shots.isEmpty()) {
      return;
    }
    String format = ctx.queryParam(FORMAT);
    if (format != null && !format.isBlank()) {
      ExportFormat f;
      try {
        f = ExportFormat.parse(format);
      } catch (IllegalArgumentException e) {
        ctx.status(400).json(Map.of("error", e.getMessage()));
        return;
      }
      if (f != ExportFormat.JSON) {
        export(ctx, id, shots.get(), f);
        return;
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    shots.get().forEach(s -> out.add(TimelineJson.shot(s)));
    List<Map<String, Object>> timelines = new ArrayList<>();
    for (TimelineId t : TimelineSelection.timelines(all)) {
      timelines.add(Map.of("session", t.session(), "producer", t.producer()));
    }
    ctx.json(Map.of("streamId", id, "timelines", timelines, "shots", out));
  }

  /**
   * Answers one timeline as an export file: 404 when the selection is empty, 400 when it spans
   * several timelines (an export is of one session and producer) or the start timecode is bad.
   */
  private static void export(
      Context ctx, String id, List<ShotTimeline> shots, ExportFormat format) {
    List<TimelineId> timelines = TimelineSelection.timelines(shots);
    if (timelines.isEmpty()) {
      ctx.status(404).json(Map.of("error", "no shots of stream '" + id + "' in this selection"));
      return;
    }
    if (timelines.size() > 1) {
      ctx.status(400)
          .json(
              Map.of(
                  "error",
                  "an export is of one timeline: choose one session and producer (this selection"
                      + " has "
                      + timelines.size()
                      + ")"));
      return;
    }
    VideoTimeline video;
    try {
      video = VideoTimeline.of(shots, ctx.queryParam(START_TIMECODE));
      video.timecode();
    } catch (IllegalArgumentException e) {
      ctx.status(400).json(Map.of("error", START_TIMECODE + ": " + e.getMessage()));
      return;
    }
    ctx.contentType(format.contentType())
        .header(
            "Content-Disposition",
            "attachment; filename=\"" + format.fileName(video.baseName()) + "\"")
        .result(Exports.render(format, video));
  }

  /**
   * The shots of the timeline(s) the query selects ({@code ?session=}, {@code ?producer=}; see
   * {@link TimelineSelection}), or empty after answering 400 for a bad selection.
   */
  private static Optional<List<ShotTimeline>> selected(Context ctx, List<ShotTimeline> all) {
    try {
      return Optional.of(
          new TimelineSelection(ctx.queryParam(SESSION), ctx.queryParam(PRODUCER)).select(all));
    } catch (IllegalArgumentException e) {
      ctx.status(400).json(Map.of("error", e.getMessage()));
      return Optional.empty();
    }
  }

  private void shot(Context ctx) throws IOException, InterruptedException {
    Optional<ShotTimeline> shot = selectedShot(ctx, "");
    if (shot.isPresent()) {
      ctx.json(TimelineJson.shot(shot.get()));
    }
  }

  private void thumbnail(Context ctx) throws IOException, InterruptedException {
    Optional<ShotTimeline> shot = selectedShot(ctx, "/thumbnail.jpg");
    if (shot.isEmpty()) {
      return;
    }
    ByteBuffer jpeg = shot.get().getThumbnail();
    if (jpeg == null) {
      ctx.status(404)
          .json(Map.of("error", "shot " + shot.get().getShotIndex() + " has no thumbnail yet"));
      return;
    }
    ByteBuffer b = jpeg.duplicate();
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    // a shot's thumbnail is that of its first window: it does not change once there
    ctx.contentType("image/jpeg").header("Cache-Control", "max-age=3600").result(bytes);
  }

  /**
   * The shot {@code {n}} of stream {@code {id}} in the query's selection, or empty after answering
   * (400 for a bad index or selection, 404 for an unknown shot, the owner's answer when another
   * instance owns the stream; {@code suffix} is the rest of the path to forward).
   */
  private Optional<ShotTimeline> selectedShot(Context ctx, String suffix)
      throws IOException, InterruptedException {
    String id = ctx.pathParam("id");
    int n;
    try {
      n = Integer.parseInt(ctx.pathParam("n"));
    } catch (NumberFormatException e) {
      ctx.status(400)
          .json(Map.of("error", "shot index '" + ctx.pathParam("n") + "' is not a number"));
      return Optional.empty();
    }
    if (forwarded(ctx, id, "/api/streams/" + encode(id) + "/shots/" + n + suffix)) {
      return Optional.empty();
    }
    Optional<List<ShotTimeline>> shots = selected(ctx, directory.localShots(id));
    if (shots.isEmpty()) {
      return Optional.empty();
    }
    Optional<ShotTimeline> shot =
        shots.get().stream().filter(s -> s.getShotIndex() == n).findFirst();
    if (shot.isEmpty()) {
      ctx.status(404).json(Map.of("error", "no shot " + n + " of stream '" + id + "'"));
    }
    return shot;
  }

  /**
   * The motion curves of the selected timeline(s): {@code {"streamId", "timelines": [{"session",
   * "producer", "curves": [point…]}]}}, each point as {@link CurvePoint#toJson()}.
   */
  private void curves(Context ctx) throws IOException, InterruptedException {
    String id = ctx.pathParam("id");
    if (forwarded(ctx, id, "/api/streams/" + encode(id) + "/curves")) {
      return;
    }
    List<ShotTimeline> all = directory.localShots(id);
    if (all.isEmpty()) {
      ctx.status(404).json(Map.of("error", "no stream '" + id + "'"));
      return;
    }
    Optional<List<ShotTimeline>> shots = selected(ctx, all);
    if (shots.isEmpty()) {
      return;
    }
    List<Map<String, Object>> timelines = new ArrayList<>();
    for (TimelineId t : TimelineSelection.timelines(shots.get())) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("session", t.session());
      m.put("producer", t.producer());
      m.put("curves", CurvePoint.toJson(directory.localCurve(t)));
      timelines.add(m);
    }
    ctx.json(Map.of("streamId", id, "timelines", timelines));
  }

  /** Answers from the owning instance when that is another one; true if it did. */
  private boolean forwarded(Context ctx, String id, String path)
      throws IOException, InterruptedException {
    if (ctx.queryParam(LOCAL) != null) {
      return false;
    }
    Optional<String> owner = directory.ownerElsewhere(id);
    if (owner.isEmpty()) {
      return false;
    }
    String query = ctx.queryString();
    HttpResponse<byte[]> r;
    try {
      r =
          send(
              owner.get(),
              path + "?" + (query == null ? "" : query + "&") + "local=true",
              HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      LOG.warn("owner {} of stream '{}' unreachable: {}", owner.get(), id, e.toString());
      ctx.status(502)
          .json(Map.of("error", "instance " + owner.get() + " owning '" + id + "' is unreachable"));
      return true;
    }
    ctx.status(r.statusCode())
        .header("X-Served-By", owner.get())
        .contentType(r.headers().firstValue("Content-Type").orElse("application/json"))
        .result(r.body());
    r.headers()
        .firstValue("Content-Disposition")
        .ifPresent(d -> ctx.header("Content-Disposition", d));
    return true;
  }

  private HttpResponse<String> get(String instance, String path)
      throws IOException, InterruptedException {
    return send(instance, path, HttpResponse.BodyHandlers.ofString());
  }

  private <T> HttpResponse<T> send(String instance, String path, HttpResponse.BodyHandler<T> body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://" + instance + path))
            .timeout(Duration.ofSeconds(5))
            .GET();
    access.authorization().ifPresent(a -> request.header("Authorization", a));
    return http.send(request.build(), body);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public void close() {
    app.stop();
  }
}
