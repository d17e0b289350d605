package dev.migrate.support;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a command may have changed in a database: its tables with their columns and row counts, its indexes,
 * the version rows and the audit rows. Two snapshots are equal when nothing that a migration could touch changed.
 *
 * @param schema  tables with their columns and row counts, and indexes (with their definition), sorted
 * @param versions the version rows, sorted; empty when the version table does not exist
 * @param audit    one {@code revision|kind|status} line per audit row, oldest first; empty when there is no audit table
 */
public record Snapshot(List<String> schema, List<String> versions, List<String> audit) {

    public static Snapshot of(TestDatabase db) throws SQLException {
        List<String> schema = new ArrayList<>();
        List<String> tables = db.tables();
        if (db instanceof TestDatabase.Postgres) {
            schema.addAll(db.query("SELECT table_name || '(' || string_agg(column_name || ' ' || data_type, ', ' "
                    + "ORDER BY ordinal_position) || ')' FROM information_schema.columns WHERE table_schema = 'public' "
                    + "GROUP BY table_name ORDER BY table_name"));
            schema.addAll(db.query("SELECT i.indexname || ': ' || i.indexdef || CASE WHEN x.indisvalid THEN '' ELSE ' INVALID' END "
                    + "FROM pg_indexes i JOIN pg_index x ON x.indexrelid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass "
                    + "WHERE i.schemaname = 'public' ORDER BY 1"));
        } else {
            schema.addAll(db.query("SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master "
                    + "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"));
        }
        for (String t : tables) {
            if (!t.startsWith("migrate_version")) schema.add(t + " rows: " + db.query("SELECT count(*) FROM " + t).get(0));
        }
        List<String> versions = tables.contains("migrate_version") ? db.versions() : List.of();
        List<String> audit = tables.contains("migrate_version_audit")
                ? db.query("SELECT coalesce(revision, '') || '|' || kind || '|' || status FROM migrate_version_audit ORDER BY id")
                : List.of();
        return new Snapshot(List.copyOf(schema), versions, audit);
    }

    /** This snapshot with one more audit row. */
    public Snapshot plusAudit(String row) {
        List<String> a = new ArrayList<>(audit);
        a.add(row);
        return new Snapshot(schema, versions, List.copyOf(a));
    }

    @Override
    public String toString() {
        return "schema:\n  " + String.join("\n  ", schema) + "\nversions: " + versions + "\naudit:\n  " + String.join("\n  ", audit);
    }
}
