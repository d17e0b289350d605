package dev.migrate.graph;

import java.util.List;
import java.util.Objects;

/**
 * One step of a {@link Plan}: run one revision's upgrade or downgrade, or move the version table
 * without running anything (stamp).
 *
 * @param kind          what the step does
 * @param revision      the revision whose script runs; {@code null} for {@link Kind#STAMP}
 * @param fromRevisions Alembic's {@code from_revisions}: for an upgrade the revision's down
 *                      revisions plus the dependencies not already implied by its ancestors;
 *                      for a downgrade the revision itself; for a stamp the rows it moves from
 * @param toRevisions   Alembic's {@code to_revisions}, the mirror image of {@code fromRevisions}
 * @param versionOps    what this step does to the version table, in order
 * @param headsBefore   version table rows before the step
 * @param headsAfter    version table rows after the step
 */
public record Step(Kind kind, Revision revision, List<String> fromRevisions, List<String> toRevisions,
                   List<VersionOp> versionOps, List<String> headsBefore, List<String> headsAfter) {

    /** The three kinds of step Alembic runs. */
    public enum Kind { UPGRADE, DOWNGRADE, STAMP }

    public Step {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.STAMP) != (revision == null)) {
            throw new IllegalArgumentException("a stamp step has no revision, any other step has one");
        }
        fromRevisions = List.copyOf(fromRevisions);
        toRevisions = List.copyOf(toRevisions);
        versionOps = List.copyOf(versionOps);
        headsBefore = List.copyOf(headsBefore);
        headsAfter = List.copyOf(headsAfter);
    }

    /** Alembic's {@code from_revisions_no_deps}: like {@link #fromRevisions()} but without dependencies. */
    public List<String> fromRevisionsNoDeps() {
        return kind == Kind.UPGRADE ? revision.downRevisions() : fromRevisions;
    }

    /** Alembic's {@code to_revisions_no_deps}: like {@link #toRevisions()} but without dependencies. */
    public List<String> toRevisionsNoDeps() {
        return kind == Kind.DOWNGRADE ? revision.downRevisions() : toRevisions;
    }

    /**
     * Alembic's {@code MigrationStep.__str__}, the text after "Running " in its log, e.g.
     * {@code "upgrade  -> a1, create users"} or {@code "stamp_revision a1 -> b2"}.
     */
    @Override
    public String toString() {
        String name = switch (kind) {
            case UPGRADE -> "upgrade";
            case DOWNGRADE -> "downgrade";
            case STAMP -> "stamp_revision"; // the name of StampStep's migration_fn
        };
        String text = name + " " + String.join(", ", fromRevisionsNoDeps()) + " -> "
                + String.join(", ", toRevisionsNoDeps());
        String doc = revision == null ? "" : RevisionText.doc(revision);
        return doc.isEmpty() ? text : text + ", " + doc;
    }
}
