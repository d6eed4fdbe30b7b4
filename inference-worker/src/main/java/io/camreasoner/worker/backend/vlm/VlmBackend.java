package io.camreasoner.worker.backend.vlm;

import io.camreasoner.schemas.MotionLabel;
import io.camreasoner.worker.backend.BackendException;
import io.camreasoner.worker.backend.BackendResult;
import io.camreasoner.worker.backend.DecodedFrame;
import io.camreasoner.worker.backend.DecodedWindow;
import io.camreasoner.worker.backend.ReasonerBackend;
import io.camreasoner.worker.backend.vlm.ChatCompletionsClient.ChatReply;
import io.camreasoner.worker.backend.vlm.ChatCompletionsClient.ChatRequest;
import io.camreasoner.worker.backend.vlm.ChatCompletionsClient.Part;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code vlm} backend: asks CamReasoner-7B (or any VLM behind an OpenAI-compatible endpoint)
 * about each window in the form the model was trained on ({@link CamReasonerPrompt}: the frames
 * first, as images or as one video, then the question, the options and the answer format) and turns
 * the replies into labels and scores.
 *
 * <p>Confidence comes from the model: when the server returns token log probabilities ({@code
 * vlm.logprobs}), a label's score is the probability the model gave its option letter where it
 * wrote the answer ({@link AnswerLogprobs}; per primitive, P(yes) against P(no)). Without them, a
 * well-formed reply whose answer maps by option letter scores {@value #CONFIDENT} and one that maps
 * only by free text or lacks tags {@value #UNSURE}. An answer that maps to nothing yields no
 * labels, uniform scores of 1/15 and the answer kept verbatim. Labels not chosen share the
 * remaining probability mass.
 */
public final class VlmBackend implements ReasonerBackend {
  private static final Logger LOG = LoggerFactory.getLogger(VlmBackend.class);

  /** Whether this process has said that frames arrive grey (once: every thread has a backend). */
  private static final AtomicBoolean WARNED_GREY = new AtomicBoolean();

  /** Score of a label chosen by a well-formed lettered answer, without log probabilities. */
  static final double CONFIDENT = 0.9;

  /** Score of a label chosen by free text or from a reply missing its tags. */
  static final double UNSURE = 0.6;

  private final ChatCompletionsClient client;
  private final VlmSettings settings;

  /** A backend over a client shared by all processing threads. */
  public VlmBackend(ChatCompletionsClient client) {
    this.client = client;
    this.settings = client.settings();
  }

  @Override
  public String name() {
    return "vlm";
  }

  @Override
  public String modelVersion() {
    return settings.model() + "/" + settings.mode().configValue();
  }

  @Override
  public List<BackendResult> reason(List<DecodedWindow> windows) throws BackendException {
    long start = System.nanoTime();
    List<BackendResult> out;
    if (settings.mode() == PromptMode.MULTIPLE_CHOICE) {
      List<ChatRequest> requests = new ArrayList<>();
      for (DecodedWindow w : windows) {
        requests.add(request(w, CamReasonerPrompt.multipleChoiceQuestion()));
      }
      List<ChatReply> replies = client.completeAll(requests);
      out = new ArrayList<>();
      for (ChatReply reply : replies) {
        out.add(fromMultipleChoice(reply));
      }
    } else {
      List<MotionLabel> primitives = CamReasonerPrompt.primitives();
      List<ChatRequest> requests = new ArrayList<>();
      for (DecodedWindow w : windows) {
        for (MotionLabel l : primitives) {
          requests.add(request(w, CamReasonerPrompt.primitiveQuestion(l)));
        }
      }
      List<ChatReply> replies;
      try {
        replies = client.completeAll(requests);
      } catch (BackendException e) {
        int window = e.windowIndex() < 0 ? -1 : e.windowIndex() / primitives.size();
        throw new BackendException(e.getMessage(), e.retriable(), window, e.getCause());
      }
      out = new ArrayList<>();
      for (int i = 0; i < windows.size(); i++) {
        List<ChatReply> perLabel =
            replies.subList(i * primitives.size(), (i + 1) * primitives.size());
        out.add(fromPerPrimitive(primitives, perLabel));
      }
    }
    double perWindow = (System.nanoTime() - start) / 1e6 / Math.max(1, windows.size());
    return out.stream().map(r -> r.withInferenceMillis(perWindow)).toList();
  }

  /** The frames (as images, or as one video) and then the question, as the model was trained. */
  private ChatRequest request(DecodedWindow w, String question) {
    List<DecodedFrame> frames = sample(w.frames(), settings.maxImages());
    if (frames.stream().anyMatch(f -> !f.colour()) && WARNED_GREY.compareAndSet(false, true)) {
      LOG.warn(
          "frames of {} arrive grey, so the model sees no colour: run ingest with"
              + " window.colour=all for the vlm backend (analyze and up do that themselves)",
          w.window().getStreamId());
    }
    List<Part> parts = new ArrayList<>();
    if (settings.input() == FrameInput.VIDEO) {
      parts.add(Part.video(FrameVideo.mp4(frames)));
    } else {
      for (DecodedFrame f : frames) {
        parts.add(Part.jpeg(f.jpeg()));
      }
    }
    parts.add(Part.text(question));
    return new ChatRequest(parts);
  }

  /** At most {@code max} frames, evenly spread, always keeping the first and the last. */
  static <T> List<T> sample(List<T> frames, int max) {
    if (frames.size() <= max) {
      return frames;
    }
    List<T> out = new ArrayList<>(max);
    for (int i = 0; i < max; i++) {
      int idx = max == 1 ? 0 : (int) Math.round(i * (frames.size() - 1) / (double) (max - 1));
      out.add(frames.get(idx));
    }
    return out;
  }

  static BackendResult fromMultipleChoice(ChatReply chat) {
    OtaReply reply = OtaReply.parse(chat.text());
    AnswerMapper.Mapped mapped = AnswerMapper.multipleChoice(reply.answer());
    Optional<Map<Character, Double>> letters = AnswerLogprobs.letters(chat.tokens());
    Map<MotionLabel, Double> scores;
    if (letters.isPresent() && mapped.match() == AnswerMapper.Match.LETTERS) {
      scores = fromLetters(letters.get());
    } else {
      double confidence =
          mapped.match() == AnswerMapper.Match.LETTERS && reply.wellFormed() ? CONFIDENT : UNSURE;
      scores = spread(mapped.labels(), confidence);
    }
    String answer =
        mapped.labels().isEmpty()
            ? reply.answer()
            : String.join(", ", mapped.labels().stream().map(MotionLabel::label).toList());
    return new BackendResult(
        mapped.labels(),
        scores,
        reply.observation(),
        reply.thinking(),
        answer,
        BackendResult.noCues(),
        0);
  }

  static BackendResult fromPerPrimitive(List<MotionLabel> primitives, List<ChatReply> chats) {
    List<OtaReply> replies = chats.stream().map(c -> OtaReply.parse(c.text())).toList();
    Map<MotionLabel, Double> scores = new EnumMap<>(MotionLabel.class);
    List<MotionLabel> yes = new ArrayList<>();
    StringBuilder summary = new StringBuilder("Per-primitive answers:");
    OtaReply evidence = null;
    double minNo = 1.0;
    int answered = 0;
    for (int i = 0; i < primitives.size(); i++) {
      MotionLabel l = primitives.get(i);
      OtaReply r = replies.get(i);
      Optional<Boolean> a = AnswerMapper.yesNo(r.answer());
      Optional<Double> yesProbability =
          AnswerLogprobs.letters(chats.get(i).tokens()).flatMap(VlmBackend::yesProbability);
      double c =
          yesProbability.isPresent() && a.isPresent()
              ? (a.get() ? yesProbability.get() : 1 - yesProbability.get())
              : r.wellFormed() ? CONFIDENT : UNSURE;
      summary.append(' ').append(l.label()).append('=');
      if (a.isEmpty()) {
        scores.put(l, 0.5);
        summary.append("unclear('").append(r.answer()).append("')");
        continue;
      }
      answered++;
      if (a.get()) {
        yes.add(l);
        scores.put(l, c);
        summary.append("yes");
        if (evidence == null) {
          evidence = r;
        }
      } else {
        scores.put(l, 1 - c);
        minNo = Math.min(minNo, c);
        summary.append("no");
      }
    }
    List<MotionLabel> labels = AnswerMapper.normalise(yes);
    if (labels.size() < yes.size()) {
      summary.append(". Opposite directions were both affirmed and cancel out.");
    }
    if (yes.isEmpty() && answered == primitives.size()) {
      labels = List.of(MotionLabel.STATIC);
      scores.put(MotionLabel.STATIC, minNo);
    } else {
      scores.put(MotionLabel.STATIC, labels.isEmpty() ? 0.5 / MotionLabel.values().length : 0.05);
    }
    if (evidence == null) {
      evidence = replies.get(0);
    }
    String answer =
        labels.isEmpty()
            ? String.join(" | ", replies.stream().map(OtaReply::answer).toList())
            : String.join(", ", labels.stream().map(MotionLabel::label).toList());
    String thinking =
        evidence.thinking().isEmpty() ? summary.toString() : evidence.thinking() + "\n" + summary;
    return new BackendResult(
        labels, scores, evidence.observation(), thinking, answer, BackendResult.noCues(), 0);
  }

  /**
   * The probability of "yes" from the answer letters' probabilities: P(A) against P(B) when both
   * are among the alternatives, else the one present (its complement for "no").
   */
  private static Optional<Double> yesProbability(Map<Character, Double> letters) {
    Double yes = letters.get(CamReasonerPrompt.YES);
    Double no = letters.get(CamReasonerPrompt.NO);
    if (yes != null && no != null && yes + no > 0) {
      return Optional.of(yes / (yes + no));
    }
    if (yes != null) {
      return Optional.of(Math.min(1, yes));
    }
    return no == null ? Optional.empty() : Optional.of(Math.max(0, 1 - no));
  }

  /**
   * Scores from the option letters' probabilities: each lettered label its own, the labels no
   * alternative named share what is left.
   */
  private static Map<MotionLabel, Double> fromLetters(Map<Character, Double> letters) {
    Map<MotionLabel, Double> scores = new EnumMap<>(MotionLabel.class);
    double named = 0;
    for (Map.Entry<Character, Double> e : letters.entrySet()) {
      MotionLabel l = CamReasonerPrompt.labelOfLetter(e.getKey());
      if (l != null) {
        scores.merge(l, Math.min(1, e.getValue()), Double::sum);
        named += e.getValue();
      }
    }
    int rest = MotionLabel.values().length - scores.size();
    double share = rest == 0 ? 0 : Math.max(0, 1 - named) / rest;
    for (MotionLabel l : MotionLabel.values()) {
      scores.putIfAbsent(l, share);
    }
    return scores;
  }

  /** Chosen labels get {@code confidence}, the others share the rest; none chosen: uniform. */
  private static Map<MotionLabel, Double> spread(List<MotionLabel> chosen, double confidence) {
    Map<MotionLabel, Double> scores = new EnumMap<>(MotionLabel.class);
    int n = MotionLabel.values().length;
    double rest = chosen.isEmpty() ? 1.0 / n : Math.max(0, (1 - confidence) / (n - chosen.size()));
    for (MotionLabel l : MotionLabel.values()) {
      scores.put(l, chosen.contains(l) ? confidence : rest);
    }
    return scores;
  }

  @Override
  public void close() {
    // the client is shared and closed by the factory
  }
}
