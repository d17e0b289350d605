package dev.migrate.db;

import java.sql.SQLException;

/**
 * The database session that held the migration lock ended, or no longer holds it: the server or an administrator
 * terminated it, an idle timeout closed it, the network dropped it, or a pooler handed it to another client.
 * Nothing may be committed after this; the run stops.
 */
public final class LockLostException extends SQLException {
    public LockLostException(String reason, SQLException cause) {
        super(reason, cause == null ? SessionGuard.LOCK_LOST_STATE : cause.getSQLState(), cause);
    }
}
