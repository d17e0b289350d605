package dev.migrate.db;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a new connection: a {@code DataSource}, or the driver with a parsed URL. */
@FunctionalInterface
public interface ConnectionSource {
    Connection open() throws SQLException;
}
