package dev.migrate.graph;

import java.util.Objects;

/** One change to the version table, in the order Alembic's {@code HeadMaintainer} performs them. */
public sealed interface VersionOp {

    /** {@code INSERT INTO version_table (version_num) VALUES (revision)}. */
    record Insert(String revision) implements VersionOp {
        public Insert {
            Objects.requireNonNull(revision, "revision");
        }

        @Override
        public String toString() {
            return "insert " + revision;
        }
    }

    /** {@code DELETE FROM version_table WHERE version_num = revision}. */
    record Delete(String revision) implements VersionOp {
        public Delete {
            Objects.requireNonNull(revision, "revision");
        }

        @Override
        public String toString() {
            return "delete " + revision;
        }
    }

    /** {@code UPDATE version_table SET version_num = to WHERE version_num = from}. */
    record Update(String from, String to) implements VersionOp {
        public Update {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public String toString() {
            return "update " + from + " -> " + to;
        }
    }
}
