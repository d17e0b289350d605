package dev.migrate.db;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The lock file beside an SQLite database cannot be opened or locked: its directory is not writable, the file belongs
 * to another user, or the name is taken by a directory. Nothing was done.
 */
public final class LockFileException extends RuntimeException {
    private final Path lockFile;

    public LockFileException(Path lockFile, IOException cause) {
        super("cannot open the migration lock file " + lockFile + " (" + reason(cause) + "). migrate locks an SQLite "
                + "database with this file beside it, so the directory must be writable by this user and the name free "
                + "for a file: fix the permissions, or remove what is in the way. Nothing was changed", cause);
        this.lockFile = lockFile;
    }

    public Path lockFile() { return lockFile; }

    private static String reason(IOException e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName()
                .replace("AccessDeniedException", "permission denied")
                .replace("FileSystemException", "file system error")
                .replace("NoSuchFileException", "no such directory");
        return m == null ? kind : kind.equals("IOException") ? m : kind + ": " + m;
    }
}
