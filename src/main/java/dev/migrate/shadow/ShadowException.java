package dev.migrate.shadow;

/** A scratch database could not be created, cloned or read: the server refused, or the user may not create databases. */
public final class ShadowException extends RuntimeException {
    public ShadowException(String message, Throwable cause) {
        super(message, cause);
    }
}
