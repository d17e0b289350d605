package dev.migrate.api;

import java.util.List;
import java.util.Objects;

/**
 * A table-level constraint, for {@link Operations#createTable}. Unique, check and foreign-key constraints must be
 * named, so that a downgrade can drop them by name ({@link Operations#dropConstraint}); the name of a primary key
 * is optional (PostgreSQL then calls it {@code <table>_pkey}).
 */
public sealed interface Constraint extends TableElement
        permits Constraint.PrimaryKey, Constraint.Unique, Constraint.Check, Constraint.ForeignKey {

    /** The constraint's name, or null for an unnamed primary key. */
    String name();

    /** A primary key over one or more columns, unnamed. */
    static PrimaryKey primaryKey(String... columns) {
        return new PrimaryKey(null, List.of(columns));
    }

    /** A named unique constraint over one or more columns. */
    static Unique unique(String name, String... columns) {
        return new Unique(name, List.of(columns));
    }

    /** A named check constraint; {@code condition} is an SQL boolean expression, without the parentheses. */
    static Check check(String name, String condition) {
        return new Check(name, condition);
    }

    /**
     * A named foreign key from {@code columns} of this table to {@code referentColumns} of {@code referentTable},
     * with {@link ReferentialAction#NO_ACTION} on delete and on update until changed with
     * {@link ForeignKey#onDelete(ReferentialAction)} and {@link ForeignKey#onUpdate(ReferentialAction)}.
     */
    static ForeignKey foreignKey(String name, List<String> columns, String referentTable, List<String> referentColumns) {
        return new ForeignKey(name, columns, referentTable, referentColumns, ReferentialAction.NO_ACTION,
                ReferentialAction.NO_ACTION);
    }

    record PrimaryKey(String name, List<String> columns) implements Constraint {
        public PrimaryKey {
            columns = List.copyOf(columns);
        }

        /** The same key with a name. */
        public PrimaryKey named(String constraintName) {
            return new PrimaryKey(constraintName, columns);
        }
    }

    record Unique(String name, List<String> columns) implements Constraint {
        public Unique {
            columns = List.copyOf(columns);
        }
    }

    record Check(String name, String condition) implements Constraint {
        public Check {
            Objects.requireNonNull(condition, "condition");
        }
    }

    record ForeignKey(String name, List<String> columns, String referentTable, List<String> referentColumns,
                      ReferentialAction onDelete, ReferentialAction onUpdate) implements Constraint {
        public ForeignKey {
            columns = List.copyOf(columns);
            referentColumns = List.copyOf(referentColumns);
            Objects.requireNonNull(onDelete, "onDelete");
            Objects.requireNonNull(onUpdate, "onUpdate");
        }

        public ForeignKey onDelete(ReferentialAction action) {
            return new ForeignKey(name, columns, referentTable, referentColumns, action, onUpdate);
        }

        public ForeignKey onUpdate(ReferentialAction action) {
            return new ForeignKey(name, columns, referentTable, referentColumns, onDelete, action);
        }
    }
}
