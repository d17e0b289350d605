package dev.migrate.script;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.List;

/**
 * A revision script of any kind (SQL, Java): the metadata the revision graph needs, where it came from, and a
 * checksum of its content. What it runs is the kind's own business.
 */
public interface RevisionScript {
    /** The file, or for a revision compiled into an application jar the class's location. */
    Path path();

    String id();

    /** The parent revisions; empty for a base revision, several for a merge point. */
    List<String> revises();

    List<String> dependsOn();

    List<String> branchLabels();

    /** The whole message; its first line is the summary shown in listings. */
    String message();

    /** As written in the script; null when absent. */
    String createDate();

    /** SHA-256 over the content with line endings normalised. */
    String checksum();

    /** Whether the script says how to revert it. */
    boolean hasDowngrade();

    /** Whether the upgrade (or downgrade) runs inside a transaction; {@code -- migrate:no-transaction} says no. */
    default boolean transactional(boolean upgrade) {
        return true;
    }

    /** The script's own PostgreSQL {@code lock_timeout}, overriding the configured one. */
    default Optional<Duration> lockTimeoutOverride() {
        return Optional.empty();
    }

    /** The script's own PostgreSQL {@code statement_timeout}, overriding the configured one. */
    default Optional<Duration> statementTimeoutOverride() {
        return Optional.empty();
    }

    /** The lint findings the script accepts, and why: every directive, in the order written. */
    default List<LintDirective> lintIgnores() {
        return List.of();
    }

    /**
     * The directives that concern the upgrade (or the downgrade): those for the whole file and those written in that
     * direction's own statements.
     */
    default List<LintDirective> lintIgnores(boolean upgrade) {
        return lintIgnores();
    }
}
