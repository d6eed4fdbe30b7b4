package io.camreasoner.worker.decode;

/**
 * A window's frames cannot be used: a JPEG does not decode, or its size disagrees with the window.
 * Never retriable: the record goes to the dead-letter topic.
 */
public final class UndecodableWindowException extends Exception {

  private static final long serialVersionUID = 1L;

  public UndecodableWindowException(String message, Throwable cause) {
    super(message, cause);
  }
}
