package io.camreasoner.worker.loop;

import io.camreasoner.schemas.DeadLetterRecords;
import io.camreasoner.schemas.avro.FrameWindow;
import io.camreasoner.schemas.avro.MotionEvent;
import io.camreasoner.worker.backend.BackendException;
import io.camreasoner.worker.backend.BackendResult;
import io.camreasoner.worker.backend.DecodedWindow;
import io.camreasoner.worker.backend.ReasonerBackend;
import io.camreasoner.worker.decode.UndecodableWindowException;
import io.camreasoner.worker.decode.WindowDecoder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a batch of consumed records into the records to produce, per input and in input order: a
 * motion event (a window of fewer than two frames gets a "too short to judge" event without a
 * backend call), an end-of-stream pass-through, or, for a window that cannot be reasoned about, a
 * dead letter plus a failure event so the timeline shows the gap and its reason (a record that is
 * not a window at all only goes to the dead letters). Owns one backend (one processing thread);
 * knows no consumer or producer, so it is tested without a broker.
 */
final class WindowProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(WindowProcessor.class);

  /** Dead-letter stage: the value is not a FrameWindow. */
  static final String STAGE_DESERIALIZE = "worker.deserialize";

  /** Dead-letter stage: a sampled frame is not a decodable JPEG. */
  static final String STAGE_DECODE = "worker.decode-jpeg";

  /** Dead-letter stage: the backend gave up on the window. */
  static final String STAGE_REASON = "worker.reason";

  private final ReasonerBackend backend;
  private final Deserializer<FrameWindow> windows;
  private final Serializer<MotionEvent> eventSerializer;
  private final MotionEvents events;
  private final DeadLetterRecords deadLetters;
  private final String outputTopic;
  private final FailurePolicy policy;
  private final WorkerMetrics metrics;
  private final WindowDecoder decoder = new WindowDecoder();
  private final Clock clock;

  WindowProcessor(
      ReasonerBackend backend,
      String resultSettings,
      Deserializer<FrameWindow> windows,
      Serializer<MotionEvent> eventSerializer,
      DeadLetterRecords deadLetters,
      String outputTopic,
      FailurePolicy policy,
      WorkerMetrics metrics,
      Clock clock) {
    this.backend = backend;
    this.windows = windows;
    this.eventSerializer = eventSerializer;
    this.events = new MotionEvents(backend.name(), backend.modelVersion(), resultSettings);
    this.deadLetters = deadLetters;
    this.outputTopic = outputTopic;
    this.policy = policy;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * One input's outcome: the records to produce for it (an event; or a dead letter, then the
   * failure event when the input was a window).
   */
  record Output(
      ConsumerRecord<byte[], byte[]> origin, List<ProducerRecord<byte[], byte[]>> records) {
    Output {
      records = List.copyOf(records);
    }
  }

  /** The producer identity this processor writes into events. */
  String producer() {
    return events.producer();
  }

  /** A window waiting for the backend, with its place in the batch. */
  private record Pending(int index, ConsumerRecord<byte[], byte[]> origin, DecodedWindow window) {}

  /**
   * Processes a batch.
   *
   * @throws InterruptedException when interrupted during a retry back-off (shutdown)
   */
  List<Output> process(List<ConsumerRecord<byte[], byte[]>> batch) throws InterruptedException {
    long start = System.nanoTime();
    Output[] out = new Output[batch.size()];
    List<Pending> pending = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      ConsumerRecord<byte[], byte[]> rec = batch.get(i);
      FrameWindow w;
      try {
        w = windows.deserialize(rec.topic(), rec.headers(), rec.value());
        if (w == null) {
          throw new IllegalArgumentException("record has no value");
        }
      } catch (RuntimeException e) {
        out[i] =
            deadLetter(rec, null, STAGE_DESERIALIZE, "not a FrameWindow: " + e.getMessage(), e);
        continue;
      }
      if (w.getEndOfStream()) {
        metrics.endOfStream();
        out[i] = event(rec, events.endOfStream(w, clock.millis()));
        continue;
      }
      if (w.getFrames().size() < 2) {
        metrics.event(0);
        out[i] = event(rec, events.tooShort(w, clock.millis()));
        continue;
      }
      try {
        pending.add(new Pending(i, rec, decoder.decode(w)));
      } catch (UndecodableWindowException e) {
        out[i] = deadLetter(rec, w, STAGE_DECODE, e.getMessage(), e);
      }
    }
    if (!pending.isEmpty()) {
      metrics.batch(pending.size());
      reason(pending, out);
    }
    long perWindow = (System.nanoTime() - start) / Math.max(1, batch.size());
    for (Pending p : pending) {
      if (out[p.index()].records().size() == 1) {
        metrics.event(perWindow);
      }
    }
    return List.of(out);
  }

  /**
   * Calls the backend, retrying or dead-lettering as the policy says, until every window is done.
   */
  private void reason(List<Pending> pending, Output[] out) throws InterruptedException {
    List<Pending> todo = new ArrayList<>(pending);
    int attempt = 0;
    while (!todo.isEmpty()) {
      List<BackendResult> results;
      try {
        results = backend.reason(todo.stream().map(Pending::window).toList());
        if (results.size() != todo.size()) {
          throw BackendException.ofBatch(
              "backend "
                  + backend.name()
                  + " returned "
                  + results.size()
                  + " results for "
                  + todo.size()
                  + " windows",
              false,
              null);
        }
      } catch (BackendException e) {
        metrics.backendError(e.retriable());
        if (policy.onBackendFailure(e, attempt) == FailurePolicy.Action.RETRY) {
          LOG.warn(
              "backend {} failed on {} window(s), retry {}: {}",
              backend.name(),
              todo.size(),
              attempt + 1,
              e.getMessage());
          Thread.sleep(policy.backoff(attempt).toMillis());
          attempt++;
          continue;
        }
        if (e.windowIndex() >= 0 && e.windowIndex() < todo.size()) {
          Pending bad = todo.remove(e.windowIndex());
          out[bad.index()] = reasonFailed(bad, e);
        } else if (todo.size() > 1) {
          // the whole batch failed: isolate the culprit by reasoning window by window
          for (Pending p : todo) {
            reason(List.of(p), out);
          }
          return;
        } else {
          out[todo.get(0).index()] = reasonFailed(todo.remove(0), e);
        }
        attempt = 0;
        continue;
      } catch (RuntimeException e) {
        // a bug in the backend on some input: treat as a non-retriable failure of the batch
        metrics.backendError(false);
        if (todo.size() > 1) {
          for (Pending p : todo) {
            reason(List.of(p), out);
          }
          return;
        }
        out[todo.get(0).index()] =
            reasonFailed(todo.remove(0), BackendException.ofBatch(String.valueOf(e), false, e));
        continue;
      }
      for (int j = 0; j < todo.size(); j++) {
        Pending p = todo.get(j);
        out[p.index()] =
            event(p.origin(), events.of(p.window().window(), results.get(j), clock.millis()));
      }
      todo.clear();
    }
  }

  private Output reasonFailed(Pending p, BackendException e) {
    String reason =
        "backend " + backend.name() + " failed on " + p.window().describe() + ": " + e.getMessage();
    return deadLetter(
        p.origin(),
        p.window().window(),
        STAGE_REASON,
        reason,
        e.getCause() == null ? e : e.getCause());
  }

  private Output event(ConsumerRecord<byte[], byte[]> origin, MotionEvent ev) {
    return new Output(origin, List.of(eventRecord(origin, ev)));
  }

  private ProducerRecord<byte[], byte[]> eventRecord(
      ConsumerRecord<byte[], byte[]> origin, MotionEvent ev) {
    return new ProducerRecord<>(
        outputTopic, null, origin.key(), eventSerializer.serialize(outputTopic, ev));
  }

  /**
   * The dead letter of an input and, when the input was a window ({@code window} not null), the
   * failure event that shows its frames as a gap in the timeline.
   */
  private Output deadLetter(
      ConsumerRecord<byte[], byte[]> origin,
      FrameWindow window,
      String stage,
      String reason,
      Throwable error) {
    metrics.deadLetter();
    LOG.warn(
        "dead-lettering {}-{}@{} at {}: {}",
        origin.topic(),
        origin.partition(),
        origin.offset(),
        stage,
        reason);
    ProducerRecord<byte[], byte[]> letter =
        deadLetters.record(
            DeadLetterRecords.Origin.of(origin), stage, reason, error, clock.millis());
    if (window == null) {
      return new Output(origin, List.of(letter));
    }
    return new Output(
        origin,
        List.of(letter, eventRecord(origin, events.failure(window, reason, clock.millis()))));
  }
}
