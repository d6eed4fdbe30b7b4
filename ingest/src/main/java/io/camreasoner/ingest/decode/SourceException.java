package io.camreasoner.ingest.decode;

/**
 * A source could not be opened or read. The message is the one line a person sees: it names the
 * source and the reason. {@link #retriable()} says whether reconnecting may help (network drops,
 * timeouts) — the one place that decides it for ingest.
 */
public final class SourceException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String reason;
  private final boolean retriable;

  /** Creates the exception; the message is {@code "<source>: <reason>"}. */
  public SourceException(String source, String reason, boolean retriable, Throwable cause) {
    super(source + ": " + reason, cause);
    this.source = source;
    this.reason = reason;
    this.retriable = retriable;
  }

  /** The source as shown to people (credentials removed). */
  public String source() {
    return source;
  }

  /** The reason alone, without the source. */
  public String reason() {
    return reason;
  }

  /** True if trying again later may succeed (live sources reconnect on these). */
  public boolean retriable() {
    return retriable;
  }
}
