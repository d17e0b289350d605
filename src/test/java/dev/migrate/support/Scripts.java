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

    /**
     * A Java revision script {@code <id>_rev.java} with a class {@code R<id>}: {@code upgrade} and (when not null)
     * {@code downgrade} are method bodies, which may throw; they see {@code dev.migrate.api.*}, {@code java.util.*}
     * and {@code java.sql.*}. The upgrade body starts on line {@value #JAVA_UPGRADE_LINE}.
     */
    public Path java(String id, String revises, String upgrade, String downgrade) {
        StringBuilder s = new StringBuilder();
        s.append("import dev.migrate.api.*;\nimport java.util.*;\nimport java.sql.*;\n\n");
        s.append("@Revision(id = \"").append(id).append("\", revises = {");
        String[] parents = revises.isBlank() ? new String[0] : revises.split("\\s*,\\s*");
        for (int i = 0; i < parents.length; i++) s.append(i > 0 ? ", " : "").append('"').append(parents[i].strip()).append('"');
        s.append("}, message = \"revision ").append(id).append("\", createDate = \"2026-11-21 10:00:00.000000\")\n");
        s.append("class R").append(id).append(" implements ").append(downgrade == null ? "Migration" : "ReversibleMigration").append(" {\n");
        s.append("    public void upgrade(Operations op) throws Exception {\n").append(upgrade).append("\n    }\n");
        if (downgrade != null) s.append("\n    public void downgrade(Operations op) throws Exception {\n").append(downgrade).append("\n    }\n");
        s.append("}\n");
        return write(id + "_rev.java", s.toString());
    }

    /** The line of a {@link #java} script on which the upgrade body starts. */
    public static final int JAVA_UPGRADE_LINE = 8;

    public Path write(String name, String content) {
        try {
            return Files.writeString(versions.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
