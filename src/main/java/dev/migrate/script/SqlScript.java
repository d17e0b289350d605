package dev.migrate.script;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One SQL revision script, as read from {@code <script_location>/versions/*.sql} by
 * {@link ScriptLoader}. The file format is described there.
 *
 * @param path         the file it was read from
 * @param id           the revision id ({@code Revision ID}), trimmed, without whitespace
 * @param revises      the parent revision ids ({@code Revises}); empty for a base revision, two or
 *                     more for a merge point
 * @param dependsOn    revisions that must be applied first without being parents ({@code Depends On})
 * @param branchLabels labels naming the branch that starts here ({@code Branch Labels})
 * @param message      the message paragraph of the header, lines joined with {@code \n}; may be empty
 * @param createDate   the {@code Create Date} as written, or {@code null} if absent; informational
 * @param upgrade      the {@code -- migrate:upgrade} section
 * @param downgrade    the {@code -- migrate:downgrade} section; empty if the file has none (whether
 *                     that is an error is decided only when a downgrade needs it)
 * @param checksum     lower-case hex SHA-256 of the file with a UTF-8 BOM removed and line endings
 *                     normalised to LF, so a Windows checkout does not look like an edit
 */
public record SqlScript(Path path, String id, List<String> revises, List<String> dependsOn, List<String> branchLabels,
                        String message, String createDate, Section upgrade, Optional<Section> downgrade, String checksum,
                        Duration lockTimeout, Duration statementTimeout, List<LintDirective> lintIgnores)
        implements RevisionScript {

    /**
     * A section of a script.
     *
     * @param sql       the raw text after the marker line up to the next marker line (or the end of
     *                  the file), with its line endings as written (what runs is what the file says);
     *                  comments, blank lines and the section's
     *                  {@code -- migrate:<flag>} lines are kept, so it can be split with
     *                  {@link SqlSplitter} and report file line numbers
     * @param firstLine the 1-based line in the file of the first line of {@code sql} (the line after
     *                  the marker)
     * @param flags     the {@code -- migrate:<flag>} options found in the section, e.g.
     *                  {@code no-transaction}; see {@link ScriptLoader#KNOWN_FLAGS}
     */
    public record Section(String sql, int firstLine, Set<String> flags) {

        public Section {
            Objects.requireNonNull(sql, "sql");
            flags = Set.copyOf(flags);
            if (firstLine < 1) {
                throw new IllegalArgumentException("firstLine must be 1-based: " + firstLine);
            }
        }

        /** Whether the file's line {@code line} is one of this section's. */
        public boolean covers(int line) {
            return line >= firstLine && line < firstLine + sql.split("\n", -1).length;
        }

        /** Whether {@code -- migrate:<flag>} was given in this section. */
        public boolean hasFlag(String flag) {
            return flags.contains(flag);
        }
    }

    public SqlScript {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(id, "id");
        revises = List.copyOf(revises);
        dependsOn = List.copyOf(dependsOn);
        branchLabels = List.copyOf(branchLabels);
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(upgrade, "upgrade");
        Objects.requireNonNull(downgrade, "downgrade");
        lintIgnores = lintIgnores == null ? List.of() : List.copyOf(lintIgnores);
        Objects.requireNonNull(checksum, "checksum");
    }

    @Override
    public boolean hasDowngrade() {
        return downgrade.isPresent();
    }

    /** A section runs outside a transaction when it carries {@code -- migrate:no-transaction}. */
    @Override
    public boolean transactional(boolean upgrade) {
        Section s = upgrade ? this.upgrade : downgrade.orElse(null);
        return s == null || !s.hasFlag(ScriptLoader.NO_TRANSACTION);
    }

    @Override
    public List<LintDirective> lintIgnores(boolean upgrade) {
        Section own = upgrade ? this.upgrade : downgrade.orElse(null);
        return lintIgnores().stream().filter(d -> d.wholeFile() || own != null && own.covers(d.line())).toList();
    }

    @Override
    public Optional<Duration> lockTimeoutOverride() {
        return Optional.ofNullable(lockTimeout);
    }

    @Override
    public Optional<Duration> statementTimeoutOverride() {
        return Optional.ofNullable(statementTimeout);
    }

    /**
     * The first line of the message, for one-line listings (Alembic's {@code doc}); empty if there
     * is no message.
     */
    public String summary() {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
