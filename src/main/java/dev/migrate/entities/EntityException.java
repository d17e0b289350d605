package dev.migrate.entities;

/**
 * The entities could not be turned into DDL: Hibernate is not on the class path, no entity is in the packages, or
 * Hibernate refused the mapping. The message names the class path, package or entity and says what to do.
 */
public final class EntityException extends RuntimeException {
    public EntityException(String message) {
        super(message);
    }

    public EntityException(String message, Throwable cause) {
        super(message, cause);
    }
}
