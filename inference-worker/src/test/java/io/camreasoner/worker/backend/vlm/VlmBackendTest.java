package io.camreasoner.worker.backend.vlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.worker.backend.BackendException;
import io.camreasoner.worker.backend.BackendResult;
import io.camreasoner.worker.backend.DecodedWindow;
import io.camreasoner.worker.backend.ReasonerBackend;
import io.camreasoner.worker.backend.vlm.FakeChatEndpoint.Reply;
import io.camreasoner.worker.testing.TestWindows;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VlmBackendTest {

  private static final String WELL_FORMED =
      "<observation>All content slides right by about 6 px per frame, uniformly.</observation>"
          + "<think>Near and far parts move alike, so the camera rotates: a pan.</think>"
          + "<answer>B</answer>";

  private FakeChatEndpoint endpoint;
  private VlmBackendFactory factory;

  @AfterEach
  void tearDown() {
    if (factory != null) {
      factory.close();
    }
    if (endpoint != null) {
      endpoint.close();
    }
  }

  private ReasonerBackend backend(
      Function<FakeChatEndpoint.Received, Reply> responder,
      PromptMode mode,
      int maxRetries,
      Duration timeout,
      int concurrency)
      throws Exception {
    return backend(responder, mode, maxRetries, timeout, concurrency, FrameInput.IMAGES, true);
  }

  private ReasonerBackend backend(
      Function<FakeChatEndpoint.Received, Reply> responder,
      PromptMode mode,
      int maxRetries,
      Duration timeout,
      int concurrency,
      FrameInput input,
      boolean logprobs)
      throws Exception {
    endpoint = new FakeChatEndpoint(responder);
    factory =
        new VlmBackendFactory(
            new VlmSettings(
                endpoint.uri(),
                "CamReasoner-7B",
                "secret-key",
                mode,
                512,
                4,
                timeout,
                maxRetries,
                Duration.ofMillis(10),
                concurrency,
                input,
                logprobs));
    return factory.create();
  }

  /** Multiple-choice, one request at a time, every reply {@link #WELL_FORMED}. */
  private ReasonerBackend wellFormedMultipleChoice(FrameInput input, boolean logprobs)
      throws Exception {
    return backend(
        r -> Reply.ok(WELL_FORMED),
        PromptMode.MULTIPLE_CHOICE,
        0,
        Duration.ofSeconds(5),
        1,
        input,
        logprobs);
  }

  private ReasonerBackend backend(Function<FakeChatEndpoint.Received, Reply> responder)
      throws Exception {
    return backend(responder, PromptMode.MULTIPLE_CHOICE, 2, Duration.ofSeconds(5), 4);
  }

  @Test
  void shouldSendFramesBeforeTheQuestionAsJpegDataUrlsAndParseTheReply() throws Exception {
    ReasonerBackend vlm = backend(r -> Reply.ok(WELL_FORMED));
    DecodedWindow w = TestWindows.decoded("cam-1", 3, 6, 4);

    List<BackendResult> results = vlm.reason(List.of(w));

    assertThat(endpoint.received).hasSize(1);
    FakeChatEndpoint.Received req = endpoint.received.get(0);
    assertThat(req.body().path("model").asText()).isEqualTo("CamReasoner-7B");
    assertThat(req.body().path("temperature").asDouble()).isZero();
    assertThat(req.body().path("max_tokens").asInt()).isEqualTo(512);
    assertThat(req.body().path("messages").path(0).path("role").asText()).isEqualTo("user");
    assertThat(req.authorization()).isEqualTo("Bearer secret-key");
    assertThat(req.body().path("logprobs").asBoolean()).isTrue();
    assertThat(req.body().path("top_logprobs").asInt()).isEqualTo(5);
    // the frames come first, then one text part: the order the model was trained on
    assertThat(req.partTypes())
        .containsExactly("image_url", "image_url", "image_url", "image_url", "text");
    // six frames, max-images 4: first and last kept, evenly spread
    List<String> urls = req.imageUrls();
    assertThat(urls).hasSize(4);
    assertThat(urls).allMatch(u -> u.startsWith("data:image/jpeg;base64,"));
    byte[] firstSent = Base64.getDecoder().decode(urls.get(0).substring(23));
    byte[] lastSent = Base64.getDecoder().decode(urls.get(3).substring(23));
    assertThat(firstSent).isEqualTo(w.frames().get(0).jpeg());
    assertThat(lastSent).isEqualTo(w.frames().get(5).jpeg());
    assertThat(req.text())
        .startsWith("Which option best describes how the camera moves")
        .contains("\nOptions:\nA. The camera does not move", "O. The camera moves downward")
        .contains("<observation>", "<think>", "<answer> </answer>", "single option letter");

    BackendResult r = results.get(0);
    assertThat(r.labels()).containsExactly(MotionLabel.PAN_LEFT);
    assertThat(r.scores().get(MotionLabel.PAN_LEFT)).isEqualTo(VlmBackend.CONFIDENT);
    assertThat(r.scores().get(MotionLabel.STATIC)).isCloseTo(0.1 / 14, within(1e-9));
    assertThat(r.observation()).startsWith("All content slides right");
    assertThat(r.thinking()).contains("a pan");
    assertThat(r.answer()).isEqualTo("pan-left");
    assertThat(r.cues().getTranslationX()).isNull();
    assertThat(vlm.name()).isEqualTo("vlm");
    assertThat(vlm.modelVersion()).isEqualTo("CamReasoner-7B/multiple-choice");
  }

  @Test
  void shouldKeepUnmappableAnswerVerbatimWithLowConfidence() throws Exception {
    ReasonerBackend vlm =
        backend(r -> Reply.ok("<observation>o</observation><think>t</think><answer>Z</answer>"));

    BackendResult r = vlm.reason(List.of(TestWindows.decoded("s", 0, 3, 2))).get(0);

    assertThat(r.labels()).isEmpty();
    assertThat(r.answer()).isEqualTo("Z");
    assertThat(r.scores().values())
        .allSatisfy(s -> assertThat(s).isCloseTo(1.0 / 15, within(1e-9)));
  }

  @Test
  void shouldMapFreeTextReplyWithoutTagsAtLowerConfidence() throws Exception {
    ReasonerBackend vlm = backend(r -> Reply.ok("Looking at it, the camera is zooming in."));

    BackendResult r = vlm.reason(List.of(TestWindows.decoded("s", 0, 3, 2))).get(0);

    assertThat(r.labels()).containsExactly(MotionLabel.ZOOM_IN);
    assertThat(r.scores().get(MotionLabel.ZOOM_IN)).isEqualTo(VlmBackend.UNSURE);
    assertThat(r.observation()).isEmpty();
  }

  @Test
  void shouldRetryServerErrorsAndRateLimitsThenSucceed() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    ReasonerBackend vlm =
        backend(
            r ->
                switch (calls.incrementAndGet()) {
                  case 1 -> Reply.status(503);
                  case 2 -> Reply.status(429);
                  default -> Reply.ok(WELL_FORMED);
                });

    BackendResult r = vlm.reason(List.of(TestWindows.decoded("s", 0, 3, 2))).get(0);

    assertThat(r.labels()).containsExactly(MotionLabel.PAN_LEFT);
    assertThat(endpoint.received).hasSize(3);
  }

  @Test
  void shouldFailWithoutRetryWhenTheEndpointRejectsTheRequest() throws Exception {
    ReasonerBackend vlm = backend(r -> Reply.status(400));

    assertThatThrownBy(() -> vlm.reason(List.of(TestWindows.decoded("s", 0, 3, 2))))
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> {
              assertThat(e.retriable()).isFalse();
              assertThat(e.windowIndex()).isZero();
              assertThat(e.getMessage()).contains("refused the request: HTTP 400");
            });
    assertThat(endpoint.received).hasSize(1);
  }

  @Test
  void shouldFailNonRetriableWhenA200BodyIsNotJson() throws Exception {
    ReasonerBackend vlm = backend(r -> new Reply(200, "<html>proxy error</html>", 0));

    assertThatThrownBy(() -> vlm.reason(List.of(TestWindows.decoded("s", 0, 3, 2))))
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> {
              assertThat(e.retriable()).isFalse();
              assertThat(e.getMessage()).contains("not JSON");
            });
  }

  @Test
  void shouldGiveUpRetriableAfterMaxRetriesWhenTheEndpointTimesOut() throws Exception {
    ReasonerBackend vlm =
        backend(
            r -> Reply.ok(WELL_FORMED).delayed(2_000),
            PromptMode.MULTIPLE_CHOICE,
            1,
            Duration.ofMillis(200),
            2);

    assertThatThrownBy(() -> vlm.reason(List.of(TestWindows.decoded("s", 0, 3, 2))))
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> {
              assertThat(e.retriable()).isTrue();
              assertThat(e.getMessage()).contains("failed 2 time(s)", "timed out after 200 ms");
            });
    assertThat(endpoint.received).hasSize(2);
  }

  @Test
  void shouldNeverExceedTheConcurrencyLimitAcrossBackendInstances() throws Exception {
    ReasonerBackend first =
        backend(
            r -> Reply.ok(WELL_FORMED).delayed(60),
            PromptMode.MULTIPLE_CHOICE,
            0,
            Duration.ofSeconds(5),
            2);
    ReasonerBackend second = factory.create();
    List<DecodedWindow> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      batch.add(TestWindows.decoded("s", i, 2, 1));
    }

    Thread other = new Thread(() -> reasonQuietly(second, batch));
    other.start();
    List<BackendResult> results = first.reason(batch);
    other.join();

    assertThat(results).hasSize(5).allMatch(r -> r.labels().equals(List.of(MotionLabel.PAN_LEFT)));
    assertThat(endpoint.received).hasSize(10);
    assertThat(endpoint.maxInFlight.get()).isEqualTo(2);
  }

  private static void reasonQuietly(ReasonerBackend b, List<DecodedWindow> batch) {
    try {
      b.reason(batch);
    } catch (BackendException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void shouldAskOneYesNoQuestionPerPrimitiveInPerPrimitiveMode() throws Exception {
    ReasonerBackend vlm =
        backend(
            r ->
                Reply.ok(
                    "<observation>content rises</observation><think>rotation</think><answer>"
                        + (r.text().contains("tilt down (rotating") ? "A" : "B")
                        + "</answer>"),
            PromptMode.PER_PRIMITIVE,
            0,
            Duration.ofSeconds(5),
            4);

    List<BackendResult> results =
        vlm.reason(List.of(TestWindows.decoded("s", 0, 3, 2), TestWindows.decoded("s", 1, 3, 2)));

    assertThat(endpoint.received).hasSize(28);
    assertThat(endpoint.received.get(0).text())
        .startsWith("Does the camera movement in this video match the following description?")
        .contains("Options:\nA. Yes\nB. No\n");
    for (BackendResult r : results) {
      assertThat(r.labels()).containsExactly(MotionLabel.TILT_DOWN);
      assertThat(r.scores().get(MotionLabel.TILT_DOWN)).isEqualTo(VlmBackend.CONFIDENT);
      assertThat(r.scores().get(MotionLabel.PAN_LEFT)).isCloseTo(0.1, within(1e-9));
      assertThat(r.answer()).isEqualTo("tilt-down");
      assertThat(r.thinking()).contains("tilt-down=yes", "pan-left=no");
    }
  }

  @Test
  void shouldAnswerStaticWhenEveryPrimitiveIsDenied() throws Exception {
    ReasonerBackend vlm =
        backend(
            r -> Reply.ok("<observation>nothing moves</observation><think>t</think><answer>B"),
            PromptMode.PER_PRIMITIVE,
            0,
            Duration.ofSeconds(5),
            4);

    BackendResult r = vlm.reason(List.of(TestWindows.decoded("s", 0, 3, 0))).get(0);

    assertThat(r.labels()).containsExactly(MotionLabel.STATIC);
    assertThat(r.scores().get(MotionLabel.STATIC)).isEqualTo(VlmBackend.UNSURE);
  }

  @Test
  void shouldScoreLabelsByTheModelsAnswerLetterProbabilitiesWhenTheServerReturnsLogprobs()
      throws Exception {
    ReasonerBackend vlm =
        backend(r -> Reply.withLogprobs(WELL_FORMED, Map.of("B", 0.7, "L", 0.2, "A", 0.05)));

    BackendResult r = vlm.reason(List.of(TestWindows.decoded("s", 0, 3, 2))).get(0);

    assertThat(r.labels()).containsExactly(MotionLabel.PAN_LEFT);
    assertThat(r.scores().get(MotionLabel.PAN_LEFT)).isCloseTo(0.7, within(1e-9));
    assertThat(r.scores().get(MotionLabel.TRUCK_LEFT)).isCloseTo(0.2, within(1e-9));
    assertThat(r.scores().get(MotionLabel.STATIC)).isCloseTo(0.05, within(1e-9));
    // the 5 % the model gave no listed letter is shared by the twelve other labels
    assertThat(r.scores().get(MotionLabel.ZOOM_IN)).isCloseTo(0.05 / 12, within(1e-9));
  }

  @Test
  void shouldScoreEachPrimitiveByItsYesProbabilityWhenTheServerReturnsLogprobs() throws Exception {
    ReasonerBackend vlm =
        backend(
            r ->
                r.text().contains("tilt down (rotating")
                    ? Reply.withLogprobs(
                        "<observation>o</observation><think>t</think><answer>A</answer>",
                        Map.of("A", 0.6, "B", 0.2))
                    : Reply.withLogprobs(
                        "<observation>o</observation><think>t</think><answer>B</answer>",
                        Map.of("B", 0.9, "A", 0.1)),
            PromptMode.PER_PRIMITIVE,
            0,
            Duration.ofSeconds(5),
            4);

    BackendResult r = vlm.reason(List.of(TestWindows.decoded("s", 0, 3, 2))).get(0);

    assertThat(r.labels()).containsExactly(MotionLabel.TILT_DOWN);
    // P(yes) = 0.6 / (0.6 + 0.2), renormalised over the two options
    assertThat(r.scores().get(MotionLabel.TILT_DOWN)).isCloseTo(0.75, within(1e-9));
    assertThat(r.scores().get(MotionLabel.PAN_LEFT)).isCloseTo(0.1, within(1e-9));
  }

  @Test
  void shouldFallBackToFixedScoresWhenTheAnswerIsWordsDespiteLogprobs() throws Exception {
    String words = "<observation>o</observation><think>t</think><answer>Zoom in</answer>";
    ReasonerBackend vlm = backend(r -> Reply.withLogprobs(words, Map.of("Z", 0.99)));

    BackendResult r = vlm.reason(List.of(TestWindows.decoded("s", 0, 3, 2))).get(0);

    assertThat(r.labels()).containsExactly(MotionLabel.ZOOM_IN);
    assertThat(r.scores().get(MotionLabel.ZOOM_IN)).isEqualTo(VlmBackend.UNSURE);
  }

  @Test
  void shouldNotAskForLogprobsWhenTheyAreTurnedOff() throws Exception {
    ReasonerBackend vlm = wellFormedMultipleChoice(FrameInput.IMAGES, false);

    BackendResult r = vlm.reason(List.of(TestWindows.decoded("s", 0, 3, 2))).get(0);

    assertThat(endpoint.received.get(0).body().has("logprobs")).isFalse();
    assertThat(endpoint.received.get(0).body().has("top_logprobs")).isFalse();
    assertThat(r.scores().get(MotionLabel.PAN_LEFT)).isEqualTo(VlmBackend.CONFIDENT);
  }

  @Test
  void shouldSendTheSampledFramesAsOneMp4BeforeTheQuestionWhenInputIsVideo() throws Exception {
    ReasonerBackend vlm = wellFormedMultipleChoice(FrameInput.VIDEO, true);
    DecodedWindow w = TestWindows.decoded("cam-1", 3, 6, 4);

    BackendResult r = vlm.reason(List.of(w)).get(0);

    FakeChatEndpoint.Received req = endpoint.received.get(0);
    assertThat(req.partTypes()).containsExactly("video_url", "text");
    String url = req.videoUrls().get(0);
    assertThat(url).startsWith("data:video/mp4;base64,");
    byte[] mp4 = Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(mp4))) {
      grabber.start();
      assertThat(grabber.getFormat()).contains("mp4");
      assertThat(grabber.getImageWidth()).isEqualTo(64);
      assertThat(grabber.getImageHeight()).isEqualTo(48);
      int frames = 0;
      Frame f;
      while ((f = grabber.grabImage()) != null) {
        frames++;
      }
      assertThat(frames).isEqualTo(4); // max-images 4 of the window's six
      // the sampled frames span 0.4 s: four frames at 7.5 per second
      assertThat(grabber.getFrameRate()).isCloseTo(7.5, within(0.01));
    }
    assertThat(r.labels()).containsExactly(MotionLabel.PAN_LEFT);
  }
}
