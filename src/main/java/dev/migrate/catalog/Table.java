package dev.migrate.catalog;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A table with its columns (in their physical order), constraints and the indexes that back no constraint.
 *
 * @param partitionKey   {@code PARTITION BY} text of a partitioned table ({@code RANGE (created_at)}), else null
 * @param partitionOf    the parent of a partition, else null
 * @param partitionBound the bound of a partition ({@code FOR VALUES FROM (...) TO (...)}), else null
 * @param createSql      the table's stored {@code CREATE TABLE} text where the catalog keeps it (SQLite), else null
 */
public record Table(Name name, List<Column> columns, List<Constraint> constraints, List<Index> indexes,
                    String partitionKey, Name partitionOf, String partitionBound, boolean unlogged, String comment,
                    String createSql) {

    public Table {
        columns = List.copyOf(columns);
        constraints = constraints.stream().sorted(Comparator.comparing(Constraint::kind).thenComparing(Constraint::name)).toList();
        indexes = indexes.stream().sorted(Comparator.comparing(Index::name)).toList();
    }

    public Optional<Column> column(String column) {
        return columns.stream().filter(c -> c.name().equals(column)).findFirst();
    }

    public Optional<Constraint> primaryKey() {
        return constraints.stream().filter(c -> c.kind() == Constraint.Kind.PRIMARY_KEY).findFirst();
    }

    /** A partition, or a table with a parent otherwise attached. */
    public boolean isPartition() {
        return partitionOf != null;
    }
}
