package io.camreasoner.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Several clip sources one after another, each clip tagged with its source's group name: the
 * benchmark's {@code --source all}.
 */
final class CompositeClips implements ClipSource {

  /** One part: a source, its group name and how many of its clips to take. */
  record Part(String group, ClipSource source, int clips) {}

  private final List<Part> parts;

  CompositeClips(List<Part> parts) {
    this.parts = List.copyOf(parts);
  }

  /** Clips over all parts. */
  int size() {
    return parts.stream().mapToInt(Part::clips).sum();
  }

  /** The group names in order. */
  List<String> groups() {
    List<String> out = new ArrayList<>();
    parts.forEach(p -> out.add(p.group()));
    return out;
  }

  @Override
  public Clip clip(int index) {
    int i = index;
    for (Part p : parts) {
      if (i < p.clips()) {
        return p.source().clip(i).inGroup(p.group());
      }
      i -= p.clips();
    }
    throw new IndexOutOfBoundsException("clip " + index + " of " + size());
  }
}
