package io.camreasoner.aggregator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camreasoner.schemas.avro.ShotTimeline;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fan-out of timeline updates to live subscribers (the SSE clients of {@code /api/events}). Each
 * update is serialised to JSON once; a subscriber that throws is dropped.
 */
public final class TimelineFeed {

  private static final Logger LOG = LoggerFactory.getLogger(TimelineFeed.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final List<Consumer<String>> subscribers = new CopyOnWriteArrayList<>();

  /** Adds a subscriber of JSON timeline updates; returns a handle that removes it. */
  public Runnable subscribe(Consumer<String> subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  /** Number of current subscribers. */
  public int subscriberCount() {
    return subscribers.size();
  }

  /** Pushes one timeline update to every subscriber. */
  public void publish(ShotTimeline timeline) {
    String json;
    try {
      json = MAPPER.writeValueAsString(TimelineJson.shot(timeline));
    } catch (JsonProcessingException e) {
      LOG.warn(
          "cannot write timeline of {} shot {} as JSON: {}",
          timeline.getStreamId(),
          timeline.getShotIndex(),
          e.getMessage());
      return;
    }
    for (Consumer<String> s : subscribers) {
      try {
        s.accept(json);
      } catch (RuntimeException e) {
        LOG.debug("dropping timeline subscriber: {}", e.getMessage());
        subscribers.remove(s);
      }
    }
  }
}
