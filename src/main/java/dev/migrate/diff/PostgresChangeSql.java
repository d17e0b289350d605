package dev.migrate.diff;

import dev.migrate.catalog.Catalog;
import dev.migrate.catalog.Column;
import dev.migrate.catalog.Constraint;
import dev.migrate.catalog.Identifiers;
import dev.migrate.catalog.Name;
import dev.migrate.catalog.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's SQL for a list of {@link Change changes}. In safe mode a change to a table that already exists is
 * written the way a careful engineer writes it for a table that holds rows under load: indexes built
 * {@code CONCURRENTLY}, foreign keys and checks added {@code NOT VALID} and validated afterwards, {@code SET NOT NULL}
 * through a validated check. Those later statements are marked {@link Statement#online()}: they belong in a
 * second revision that runs outside a transaction, because validating inside the transaction that added the
 * constraint would hold its lock for the whole scan.
 */
public final class PostgresChangeSql {

    /**
     * One statement (without its semicolon) and the remarks a reviewer should read above it.
     *
     * @param online runs in the second, non-transactional revision of a safe change set
     */
    public record Statement(String sql, boolean online, List<String> notes) {
        public Statement {
            notes = List.copyOf(notes);
        }
    }

    private static final Pattern INDEX_HEAD = Pattern.compile("(?i)^CREATE\\s+(UNIQUE\\s+)?INDEX\\s+");
    private static final Pattern PLAIN_KEY = Pattern.compile("(PRIMARY KEY|UNIQUE) \\(([^()]*)\\)");
    private static final Pattern VARCHAR = Pattern.compile("character varying\\((\\d+)\\)");
    private static final Pattern NUMERIC = Pattern.compile("numeric\\((\\d+),(\\d+)\\)");

    private final String schema;
    private final boolean safe;
    private final List<Statement> out = new ArrayList<>();

    /**
     * @param defaultSchema objects in this schema are written without qualification
     * @param safe          write online-safe forms for tables that exist
     */
    public PostgresChangeSql(String defaultSchema, boolean safe) {
        this.schema = defaultSchema;
        this.safe = safe;
    }

    public List<Statement> render(List<Change> changes) {
        out.clear();
        for (Change c : changes) render(c);
        return List.copyOf(out);
    }

    private void emit(String sql, String... notes) {
        out.add(new Statement(sql, false, List.of(notes)));
    }

    private void online(String sql, String... notes) {
        out.add(new Statement(sql, true, List.of(notes)));
    }

    private String n(Name name) {
        return name.sql(schema);
    }

    private static String q(String identifier) {
        return Identifiers.quote(identifier);
    }

    private void render(Change change) {
        if (change instanceof Change.CreateSchema c) emit("CREATE SCHEMA " + q(c.schema()));
        else if (change instanceof Change.DropSchema c) emit("DROP SCHEMA " + q(c.schema()));
        else if (change instanceof Change.CreateExtension c) emit("CREATE EXTENSION IF NOT EXISTS " + q(c.extension().name())
                    + (c.extension().schema() == null ? "" : " WITH SCHEMA " + q(c.extension().schema())));
        else if (change instanceof Change.DropExtension c) emit("DROP EXTENSION " + q(c.extension().name()));
        else if (change instanceof Change.CreateEnum c) emit("CREATE TYPE " + n(c.type().name()) + " AS ENUM (" + labels(c.type().labels()) + ")");
        else if (change instanceof Change.AddEnumValue c) emit("ALTER TYPE " + n(c.type()) + " ADD VALUE " + Identifiers.literal(c.value())
                    + (c.before() == null ? "" : " BEFORE " + Identifiers.literal(c.before())));
        else if (change instanceof Change.ReplaceEnum c) replaceEnum(c);
        else if (change instanceof Change.DropEnum c) emit("DROP TYPE " + n(c.type().name()));
        else if (change instanceof Change.CreateSequence c) emit("CREATE SEQUENCE " + n(c.sequence().name()) + sequenceOptions(null, c.sequence()));
        else if (change instanceof Change.AlterSequence c) emit("ALTER SEQUENCE " + n(c.to().name()) + sequenceOptions(c.from(), c.to()));
        else if (change instanceof Change.SetSequenceOwner c) emit("ALTER SEQUENCE " + n(c.sequence().name()) + " OWNED BY "
                    + (c.sequence().ownedByTable() == null ? "NONE" : n(c.sequence().ownedByTable()) + "." + q(c.sequence().ownedByColumn())));
        else if (change instanceof Change.DropSequence c) emit("DROP SEQUENCE " + n(c.sequence().name()));
        else if (change instanceof Change.CreateTable c) createTable(c.table());
        else if (change instanceof Change.DropTable c) emit("DROP TABLE " + n(c.table().name()),
                    "DATA LOSS: drops table " + c.table().name() + " and every row in it.");
        else if (change instanceof Change.RenameTable c) emit("ALTER TABLE " + n(c.from()) + " RENAME TO " + q(c.to()));
        else if (change instanceof Change.RenameColumn c) emit("ALTER TABLE " + n(c.table()) + " RENAME COLUMN " + q(c.from()) + " TO " + q(c.to()));
        else if (change instanceof Change.RenameIndex c) emit("ALTER INDEX " + n(new Name(c.table().schema(), c.from())) + " RENAME TO " + q(c.to()));
        else if (change instanceof Change.RenameConstraint c) emit("ALTER TABLE " + n(c.table()) + " RENAME CONSTRAINT " + q(c.from()) + " TO " + q(c.to()));
        else if (change instanceof Change.AddColumn c) addColumn(c);
        else if (change instanceof Change.DropColumn c) emit("ALTER TABLE " + n(c.table()) + " DROP COLUMN " + q(c.column().name()),
                    "DATA LOSS: drops column " + c.table() + "." + c.column().name() + " and its data.");
        else if (change instanceof Change.AlterColumn c) alterColumn(c);
        else if (change instanceof Change.AddConstraint c) addConstraint(c);
        else if (change instanceof Change.ValidateConstraint c) emit("ALTER TABLE " + n(c.table()) + " VALIDATE CONSTRAINT " + q(c.constraint().name()));
        else if (change instanceof Change.DropConstraint c) emit("ALTER TABLE " + n(c.table()) + " DROP CONSTRAINT " + q(c.constraint().name()));
        else if (change instanceof Change.CreateIndex c) createIndex(c);
        else if (change instanceof Change.DropIndex c) emit("DROP INDEX " + n(new Name(c.table().schema(), c.index().name())));
        else if (change instanceof Change.SetComment c) emit("COMMENT ON " + c.target() + " IS " + (c.text() == null ? "NULL" : Identifiers.literal(c.text())));
        else if (change instanceof Change.CreateView c) emit("CREATE " + (c.view().materialized() ? "MATERIALIZED VIEW " : "VIEW ") + n(c.view().name())
                    + " AS\n" + stripSemicolon(c.view().definition()));
        else if (change instanceof Change.DropView c) emit("DROP " + (c.view().materialized() ? "MATERIALIZED VIEW " : "VIEW ") + n(c.view().name()));
        else if (change instanceof Change.CreateRoutine c) emit(stripSemicolon(c.routine().definition()));
        else if (change instanceof Change.DropRoutine c) emit("DROP " + (c.routine().procedure() ? "PROCEDURE " : "FUNCTION ") + n(c.routine().name())
                    + "(" + c.routine().arguments() + ")");
        else if (change instanceof Change.CreateTrigger c) emit(stripSemicolon(c.trigger().definition()));
        else if (change instanceof Change.DropTrigger c) emit("DROP TRIGGER " + q(c.trigger().name()) + " ON " + n(c.trigger().table()));
        else throw new IllegalArgumentException("unknown change " + change);
    }

    private static String labels(List<String> labels) {
        return String.join(", ", labels.stream().map(Identifiers::literal).toList());
    }

    private static String stripSemicolon(String sql) {
        String s = sql.strip();
        return s.endsWith(";") ? s.substring(0, s.length() - 1).stripTrailing() : s;
    }

    // ---- types and sequences

    private void replaceEnum(Change.ReplaceEnum c) {
        Name type = c.to().name();
        String old = q(type.name() + "_old");
        emit("ALTER TYPE " + n(type) + " RENAME TO " + old,
                "Enum " + type + " loses or reorders labels, which PostgreSQL cannot alter in place: the type is made anew "
                        + "and its columns moved over. A row that still holds a removed label makes this fail: update those rows first.");
        emit("CREATE TYPE " + n(type) + " AS ENUM (" + labels(c.to().labels()) + ")");
        for (Change.ColumnRef ref : c.columns()) {
            String table = "ALTER TABLE " + n(ref.table()) + " ALTER COLUMN " + q(ref.column().name());
            boolean array = ref.column().type().endsWith("[]");
            if (ref.column().defaultExpr() != null) emit(table + " DROP DEFAULT");
            emit(table + " TYPE " + n(type) + (array ? "[]" : "") + " USING " + q(ref.column().name()) + "::text"
                    + (array ? "[]" : "") + "::" + n(type) + (array ? "[]" : ""));
            if (ref.column().defaultExpr() != null) emit(table + " SET DEFAULT " + ref.column().defaultExpr());
        }
        emit("DROP TYPE " + (type.schema() == null || type.schema().equals(schema) ? "" : q(type.schema()) + ".") + old);
    }

    private static String sequenceOptions(Catalog.Sequence from, Catalog.Sequence to) {
        StringBuilder s = new StringBuilder();
        boolean create = from == null;
        long[] defaults = defaultRange(to.type(), to.increment());
        if (create ? !to.type().equals("bigint") : !from.type().equals(to.type())) s.append(" AS ").append(to.type());
        if (create ? to.increment() != 1 : from.increment() != to.increment()) s.append(" INCREMENT BY ").append(to.increment());
        if (create ? to.min() != defaults[0] : from.min() != to.min()) s.append(" MINVALUE ").append(to.min());
        if (create ? to.max() != defaults[1] : from.max() != to.max()) s.append(" MAXVALUE ").append(to.max());
        long defaultStart = to.increment() > 0 ? to.min() : to.max();
        if (create ? to.start() != defaultStart : from.start() != to.start()) s.append(" START WITH ").append(to.start());
        if (create ? to.cache() != 1 : from.cache() != to.cache()) s.append(" CACHE ").append(to.cache());
        if (create ? to.cycle() : from.cycle() != to.cycle()) s.append(to.cycle() ? " CYCLE" : " NO CYCLE");
        return s.toString();
    }

    private static long[] defaultRange(String type, long increment) {
        long max = switch (type) {
            case "smallint" -> Short.MAX_VALUE;
            case "integer" -> Integer.MAX_VALUE;
            default -> Long.MAX_VALUE;
        };
        long min = switch (type) {
            case "smallint" -> Short.MIN_VALUE;
            case "integer" -> Integer.MIN_VALUE;
            default -> Long.MIN_VALUE;
        };
        return increment > 0 ? new long[] {1, max} : new long[] {min, -1};
    }

    // ---- tables and columns

    private void createTable(Table t) {
        if (t.isPartition()) {
            List<String> own = t.constraints().stream().filter(k -> k.kind() != Constraint.Kind.FOREIGN_KEY)
                    .map(k -> "CONSTRAINT " + q(k.name()) + " " + k.definition()).toList();
            emit("CREATE TABLE " + n(t.name()) + " PARTITION OF " + n(t.partitionOf())
                    + (own.isEmpty() ? "" : " (\n    " + String.join(",\n    ", own) + "\n)") + " " + t.partitionBound()
                    + (t.partitionKey() == null ? "" : " PARTITION BY " + t.partitionKey()));
            return;
        }
        List<String> parts = new ArrayList<>();
        for (Column c : t.columns()) parts.add(q(c.name()) + " " + columnDefinition(c));
        for (Constraint k : t.constraints()) {
            if (k.kind() != Constraint.Kind.FOREIGN_KEY) parts.add("CONSTRAINT " + q(k.name()) + " " + k.definition());
        }
        emit("CREATE " + (t.unlogged() ? "UNLOGGED " : "") + "TABLE " + n(t.name()) + " (\n    " + String.join(",\n    ", parts) + "\n)"
                + (t.partitionKey() == null ? "" : " PARTITION BY " + t.partitionKey()));
    }

    private static String columnDefinition(Column c) {
        StringBuilder s = new StringBuilder(c.type());
        if (c.collation() != null) s.append(" COLLATE ").append(q(c.collation()));
        if (c.generated() != null) s.append(" GENERATED ALWAYS AS (").append(c.generated()).append(") STORED");
        if (c.identity() != null) {
            s.append(" GENERATED ").append(c.identity()).append(" AS IDENTITY");
            if (!c.identityOptions().isEmpty()) s.append(" (").append(c.identityOptions()).append(")");
        }
        if (c.defaultExpr() != null) s.append(" DEFAULT ").append(c.defaultExpr());
        if (c.notNull()) s.append(" NOT NULL");
        return s.toString();
    }

    private void addColumn(Change.AddColumn c) {
        String sql = "ALTER TABLE " + n(c.table()) + " ADD COLUMN " + q(c.column().name()) + " " + columnDefinition(c.column());
        if (c.existingTable() && c.column().notNull() && c.column().defaultExpr() == null && c.column().identity() == null
                && c.column().generated() == null) {
            emit(sql, "NOT NULL without a default fails when " + c.table() + " has rows: add it nullable, backfill, then set NOT NULL "
                    + "(or give it a default).");
        } else if (c.existingTable() && c.column().generated() != null) {
            emit(sql, "A stored generated column rewrites " + c.table() + " under an ACCESS EXCLUSIVE lock.");
        } else {
            emit(sql);
        }
    }

    private void alterColumn(Change.AlterColumn c) {
        Column a = c.from();
        Column b = c.to();
        String alter = "ALTER TABLE " + n(c.table()) + " ALTER COLUMN " + q(b.name());
        if (!Objects.equals(a.generated(), b.generated())) {
            // A generation expression cannot be altered before PostgreSQL 17: the column is made anew (it holds no data of its own).
            if (a.generated() != null && b.generated() != null) {
                emit("ALTER TABLE " + n(c.table()) + " DROP COLUMN " + q(a.name()), "The generated column " + c.table() + "." + b.name()
                        + " is recomputed: dropped and added with its new expression (rewrites the table).");
                emit("ALTER TABLE " + n(c.table()) + " ADD COLUMN " + q(b.name()) + " " + columnDefinition(b));
                return;
            }
            if (a.generated() != null) {
                // DROP EXPRESSION exists from PostgreSQL 13 on: copy the values into a plain column instead (also on 12).
                String table = "ALTER TABLE " + n(c.table());
                String temp = q(b.name() + "_plain");
                emit(table + " ADD COLUMN " + temp + " " + b.type() + (b.collation() != null ? " COLLATE " + q(b.collation()) : ""),
                        "The generated column " + c.table() + "." + b.name() + " becomes a plain column holding its current values "
                                + "(the table is rewritten).");
                emit("UPDATE " + n(c.table()) + " SET " + temp + " = " + q(a.name()));
                emit(table + " DROP COLUMN " + q(a.name()));
                emit(table + " RENAME COLUMN " + temp + " TO " + q(b.name()));
                if (b.defaultExpr() != null) emit(alter + " SET DEFAULT " + b.defaultExpr());
                if (b.notNull()) emit(alter + " SET NOT NULL");
                return;
            } else {
                emit("ALTER TABLE " + n(c.table()) + " DROP COLUMN " + q(a.name()), "DATA LOSS: column " + c.table() + "." + b.name()
                        + " becomes a generated column: its stored values are replaced by the expression.");
                emit("ALTER TABLE " + n(c.table()) + " ADD COLUMN " + q(b.name()) + " " + columnDefinition(b));
                return;
            }
        }
        boolean typeChanges = !a.type().equals(b.type()) || !Objects.equals(a.collation(), b.collation());
        boolean defaultChanges = !Objects.equals(a.defaultExpr(), b.defaultExpr());
        if (a.identity() != null && (b.identity() == null || !a.identityOptions().equals(b.identityOptions()))) {
            emit(alter + " DROP IDENTITY");
        }
        if (a.defaultExpr() != null && (defaultChanges || typeChanges)) emit(alter + " DROP DEFAULT");
        if (typeChanges) {
            String type = b.type() + (b.collation() != null ? " COLLATE " + q(b.collation()) : "");
            String using = a.type().equals(b.type()) ? "" : " USING " + q(b.name()) + "::" + b.type();
            if (rewrites(a.type(), b.type()) || !Objects.equals(a.collation(), b.collation())) {
                emit(alter + " TYPE " + type + using, "Changes the type of " + c.table() + "." + b.name() + " from " + a.type() + " to "
                        + b.type() + ": this rewrites the table (and its indexes) under an ACCESS EXCLUSIVE lock. On a large table, "
                        + "add a new column, backfill it in batches and switch over instead.");
            } else {
                emit(alter + " TYPE " + type + using);
            }
        }
        if (b.defaultExpr() != null && (defaultChanges || typeChanges)) emit(alter + " SET DEFAULT " + b.defaultExpr());
        if (a.notNull() != b.notNull()) {
            if (!b.notNull()) {
                emit(alter + " DROP NOT NULL");
            } else if (safe) {
                String check = q(checkName(c.table().name(), b.name()));
                emit("ALTER TABLE " + n(c.table()) + " ADD CONSTRAINT " + check + " CHECK (" + q(b.name()) + " IS NOT NULL) NOT VALID",
                        "SET NOT NULL scans " + c.table() + " under an ACCESS EXCLUSIVE lock; a validated check lets it skip the scan.");
                online("ALTER TABLE " + n(c.table()) + " VALIDATE CONSTRAINT " + check);
                online(alter + " SET NOT NULL");
                online("ALTER TABLE " + n(c.table()) + " DROP CONSTRAINT " + check);
            } else {
                emit(alter + " SET NOT NULL");
            }
        }
        if (b.identity() != null) {
            if (a.identity() == null || !a.identityOptions().equals(b.identityOptions())) {
                emit(alter + " ADD GENERATED " + b.identity() + " AS IDENTITY" + (b.identityOptions().isEmpty() ? "" : " (" + b.identityOptions() + ")"),
                        a.identity() == null ? "The identity starts at its START value: set it past the existing rows (ALTER TABLE ... ALTER COLUMN ... RESTART WITH n)." : "The identity sequence is made anew and starts again at its START value.");
            } else if (!a.identity().equals(b.identity())) {
                emit(alter + " SET GENERATED " + b.identity());
            }
        }
    }

    private static String checkName(String table, String column) {
        String name = table + "_" + column + "_not_null";
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    /** Whether changing a column's type makes PostgreSQL rewrite the table (false only for known binary-compatible widenings). */
    static boolean rewrites(String from, String to) {
        if (from.equals(to)) return false;
        Matcher fv = VARCHAR.matcher(from);
        Matcher tv = VARCHAR.matcher(to);
        if (fv.matches() && (to.equals("text") || to.equals("character varying") || (tv.matches() && Integer.parseInt(tv.group(1)) >= Integer.parseInt(fv.group(1))))) return false;
        if (from.equals("character varying") && to.equals("text") || from.equals("text") && to.equals("character varying")) return false;
        Matcher fn = NUMERIC.matcher(from);
        Matcher tn = NUMERIC.matcher(to);
        if (fn.matches() && (to.equals("numeric") || tn.matches() && tn.group(2).equals(fn.group(2))
                && Integer.parseInt(tn.group(1)) >= Integer.parseInt(fn.group(1)))) return false;
        return !(from.equals("cidr") && to.equals("inet"));
    }

    // ---- constraints and indexes

    private void addConstraint(Change.AddConstraint c) {
        Constraint k = c.constraint();
        String alter = "ALTER TABLE " + n(c.table());
        String add = alter + " ADD CONSTRAINT " + q(k.name()) + " " + k.definition();
        if (!safe || !c.existingTable()) {
            emit(add + (k.validated() ? "" : " NOT VALID"));
            return;
        }
        switch (k.kind()) {
            case FOREIGN_KEY, CHECK -> {
                emit(add + " NOT VALID", "Added NOT VALID so that existing rows are checked later, by VALIDATE, without blocking writes.");
                if (k.validated()) online(alter + " VALIDATE CONSTRAINT " + q(k.name()));
            }
            case UNIQUE, PRIMARY_KEY -> {
                Matcher m = PLAIN_KEY.matcher(k.definition());
                if (m.matches()) {
                    Name index = new Name(c.table().schema(), k.name());
                    online("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS " + q(k.name()) + " ON " + n(c.table()) + " (" + m.group(2) + ")",
                            "The unique index is built without blocking writes, then becomes the constraint.");
                    online(alter + " ADD CONSTRAINT " + q(k.name()) + " " + m.group(1) + " USING INDEX " + q(index.name()));
                } else {
                    emit(add, "Builds a unique index under a lock that blocks writes to " + c.table() + ".");
                }
            }
            case EXCLUDE -> emit(add, "Builds an exclusion index under a lock that blocks writes to " + c.table() + ".");
        }
    }

    private void createIndex(Change.CreateIndex c) {
        String def = stripSemicolon(c.index().definition());
        boolean partitioned = def.contains(" ON ONLY ");
        if (safe && c.existingTable() && !partitioned) {
            Matcher m = INDEX_HEAD.matcher(def);
            if (m.find()) {
                online("CREATE " + (m.group(1) == null ? "" : "UNIQUE ") + "INDEX CONCURRENTLY IF NOT EXISTS " + def.substring(m.end()),
                        "Built CONCURRENTLY: writes to " + c.table() + " go on while it builds. If it fails, it leaves an INVALID "
                                + "index: drop it and run the revision again.");
                return;
            }
        }
        if (c.existingTable()) emit(def, "Builds the index under a SHARE lock: writes to " + c.table() + " wait until it is built.");
        else emit(def);
    }
}
