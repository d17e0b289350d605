package dev.migrate.core;

import java.nio.file.Path;

/**
 * A request that the scripts cannot satisfy, found before anything ran: a revision without a downgrade section
 * on the way down, a database at a revision no script defines.
 */
public final class RevisionException extends RuntimeException {
    private final String revision;
    private final transient Path file;

    public RevisionException(String revision, Path file, String message) {
        super(message);
        this.revision = revision;
        this.file = file;
    }

    public String revision() { return revision; }
    public Path file() { return file; }
}
