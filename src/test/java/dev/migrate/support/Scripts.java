package dev.migrate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes revision scripts into {@code <dir>/migrations/versions} for tests. */
public final class Scripts {
    private final Path versions;

    public Scripts(Path projectDir) {
        this.versions = projectDir.resolve("migrations").resolve("versions");
        try {
            Files.createDirectories(versions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path versions() {
        return versions;
    }

    /** A revision with the given parents (comma-separated, empty for a base) and SQL. */
    public Path add(String id, String revises, String upgradeSql, String downgradeSql) {
        return add(id, revises, "", upgradeSql, downgradeSql);
    }

    public Path add(String id, String revises, String extraHeaders, String upgradeSql, String downgradeSql) {
        StringBuilder s = new StringBuilder();
        s.append("-- revision ").append(id).append("\n--\n");
        s.append("-- Revision ID: ").append(id).append('\n');
        s.append("-- Revises: ").append(revises).append('\n');
        s.append("-- Create Date: 2026-11-21 10:00:00.000000\n");
        if (!extraHeaders.isEmpty()) s.append(extraHeaders.strip()).append('\n');
        s.append("\n-- migrate:upgrade\n").append(upgradeSql).append('\n');
        if (downgradeSql != null) s.append("\n-- migrate:downgrade\n").append(downgradeSql).append('\n');
        return write(id + ".sql", s.toString());
    }

    public Path write(String name, String content) {
        try {
            return Files.writeString(versions.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
