package io.camreasoner.schemas.registry;

/**
 * A schema-registry call failed. The message names the operation, the subject (when there is one)
 * and the registry's own reason; {@link #status()} and {@link #errorCode()} carry Confluent's HTTP
 * status and error code (e.g. 404 / 40401 subject not found, 409 incompatible, 422 / 42201 invalid
 * schema).
 */
public class SchemaRegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final int errorCode;
  private final String subject;

  /** Creates an exception for a call that got an error answer (or none: status -1). */
  public SchemaRegistryException(
      String message, int status, int errorCode, String subject, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errorCode = errorCode;
    this.subject = subject;
  }

  /** HTTP status of the answer, or -1 when no answer came (I/O error). */
  public int status() {
    return status;
  }

  /** Confluent error code of the answer (e.g. 40401), or the status when the body had none. */
  public int errorCode() {
    return errorCode;
  }

  /** The subject the call was about, or null. */
  public String subject() {
    return subject;
  }

  /** True when repeating the call later may succeed (5xx, I/O): the retry policy's one decision. */
  public boolean isRetriable() {
    return status < 0 || status >= 500;
  }

  /**
   * The registry refused a schema as incompatible with the subject's earlier versions (HTTP 409).
   */
  public static final class Incompatible extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    Incompatible(String message, int errorCode, String subject) {
      super(message, 409, errorCode, subject, null);
    }
  }

  /** The registry refused a schema or a parameter as invalid (HTTP 422). */
  public static final class Invalid extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    Invalid(String message, int errorCode, String subject) {
      super(message, 422, errorCode, subject, null);
    }
  }

  /** The subject, version or schema does not exist (HTTP 404). */
  public static final class NotFound extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    NotFound(String message, int errorCode, String subject) {
      super(message, 404, errorCode, subject, null);
    }
  }

  /** The registry refused the credentials (HTTP 401 or 403). */
  public static final class Unauthorized extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    Unauthorized(String message, int status, int errorCode, String subject) {
      super(message, status, errorCode, subject, null);
    }
  }

  /** Builds the exception type that matches an HTTP error answer. */
  static SchemaRegistryException of(String message, int status, int errorCode, String subject) {
    return switch (status) {
      case 409 -> new Incompatible(message, errorCode, subject);
      case 422 -> new Invalid(message, errorCode, subject);
      case 404 -> new NotFound(message, errorCode, subject);
      case 401, 403 -> new Unauthorized(message, status, errorCode, subject);
      default -> new SchemaRegistryException(message, status, errorCode, subject, null);
    };
  }
}
