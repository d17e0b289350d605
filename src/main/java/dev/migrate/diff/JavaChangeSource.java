package dev.migrate.diff;

import dev.migrate.catalog.Column;
import dev.migrate.catalog.Constraint;
import dev.migrate.catalog.Name;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Changes as Java statements on the operations API ({@code dev.migrate.api.Operations}): the dialect-neutral form
 * of a revision, for projects that run on PostgreSQL and SQLite. What the API cannot say (enums, sequences,
 * comments, views, an identity with options, ...) becomes {@code op.execute(...)} with the SQL the dialect's
 * renderer wrote for that change.
 */
public final class JavaChangeSource {

    private static final Pattern SIMPLE_INDEX = Pattern.compile(
            "(?i)CREATE (UNIQUE )?INDEX (\\S+) ON (?!ONLY )(\\S+) USING btree \\(([\\w\", ]+)\\)(?: WHERE (.+))?");
    private static final Pattern SIMPLE_FK = Pattern.compile(
            "FOREIGN KEY \\(([\\w\", ]+)\\) REFERENCES (\\S+?)\\(([\\w\", ]+)\\)((?: ON (?:DELETE|UPDATE) (?:CASCADE|RESTRICT|SET NULL|SET DEFAULT|NO ACTION))*)");
    private static final Pattern KEY = Pattern.compile("(PRIMARY KEY|UNIQUE) \\(([\\w\", ]+)\\)");
    private static final Pattern ACTION = Pattern.compile(" ON (DELETE|UPDATE) (CASCADE|RESTRICT|SET NULL|SET DEFAULT|NO ACTION)");

    private final String schema;
    private final Function<Change, List<String>> sql;

    /**
     * @param defaultSchema tables in this schema are named without qualification
     * @param sql           the dialect's SQL for a change the API cannot express
     */
    public JavaChangeSource(String defaultSchema, Function<Change, List<String>> sql) {
        this.schema = defaultSchema;
        this.sql = sql;
    }

    /** The statements, one a line. */
    public String render(List<Change> changes) {
        StringBuilder b = new StringBuilder();
        for (Change c : changes) {
            for (String line : render(c)) b.append(line).append('\n');
        }
        return b.toString();
    }

    private List<String> render(Change change) {
        if (change instanceof Change.CreateTable c && !c.table().isPartition() && c.table().partitionKey() == null
                && !c.table().unlogged() && c.table().columns().stream().allMatch(JavaChangeSource::simple)) {
            List<String> parts = new ArrayList<>();
            parts.add(str(table(c.table().name())));
            for (Column col : c.table().columns()) parts.add(column(col));
            for (Constraint k : c.table().constraints()) {
                String element = element(k);
                if (element == null) return execute(change);
                if (!element.isEmpty()) parts.add(element);
            }
            return List.of("op.createTable(" + String.join(",\n        ", parts) + ");");
        }
        if (change instanceof Change.DropTable c) return List.of("op.dropTable(" + str(table(c.table().name())) + ");");
        if (change instanceof Change.RenameTable c) return List.of("op.renameTable(" + str(table(c.from())) + ", " + str(c.to()) + ");");
        if (change instanceof Change.RenameColumn c) {
            return List.of("op.alterColumn(" + str(table(c.table())) + ", " + str(c.from()) + ", ColumnChange.to().name(" + str(c.to()) + "));");
        }
        if (change instanceof Change.AddColumn c && simple(c.column())) {
            return List.of("op.addColumn(" + str(table(c.table())) + ", " + column(c.column()) + ");");
        }
        if (change instanceof Change.DropColumn c) return List.of("op.dropColumn(" + str(table(c.table())) + ", " + str(c.column().name()) + ");");
        if (change instanceof Change.AlterColumn c && simple(c.from()) && simple(c.to())) return alterColumn(c);
        if (change instanceof Change.CreateIndex c) {
            Matcher m = SIMPLE_INDEX.matcher(c.index().definition().strip());
            if (m.matches()) {
                String options = (m.group(1) != null ? ".unique()" : "") + (m.group(5) != null ? ".where(" + str(m.group(5)) + ")" : "");
                return List.of("op.createIndex(" + str(c.index().name()) + ", " + str(table(c.table())) + ", " + columns(m.group(4))
                        + (options.isEmpty() ? "" : ", IndexOptions.defaults()" + options) + ");");
            }
        }
        if (change instanceof Change.DropIndex c) return List.of("op.dropIndex(" + str(c.index().name()) + ");");
        if (change instanceof Change.AddConstraint c && c.constraint().validated()) {
            Constraint k = c.constraint();
            String t = str(table(c.table()));
            if (k.kind() == Constraint.Kind.FOREIGN_KEY) {
                Matcher m = SIMPLE_FK.matcher(k.definition());
                if (m.matches()) {
                    return List.of("op.createForeignKey(" + str(k.name()) + ", " + t + ", " + columns(m.group(1)) + ", "
                            + str(unquote(m.group(2))) + ", " + columns(m.group(3)) + actions(m.group(4)) + ");");
                }
            } else if (k.kind() == Constraint.Kind.UNIQUE && KEY.matcher(k.definition()).matches()) {
                Matcher m = KEY.matcher(k.definition());
                m.matches();
                return List.of("op.createUniqueConstraint(" + str(k.name()) + ", " + t + ", " + columns(m.group(2)) + ");");
            } else if (k.kind() == Constraint.Kind.CHECK) {
                return List.of("op.createCheckConstraint(" + str(k.name()) + ", " + t + ", " + str(condition(k.definition())) + ");");
            }
        }
        if (change instanceof Change.DropConstraint c) {
            return List.of("op.dropConstraint(" + str(c.constraint().name()) + ", " + str(table(c.table())) + ");");
        }
        return execute(change);
    }

    private List<String> execute(Change change) {
        List<String> lines = new ArrayList<>();
        for (String s : sql.apply(change)) lines.add("op.execute(" + str(s) + ");");
        return lines;
    }

    private List<String> alterColumn(Change.AlterColumn c) {
        Column a = c.from();
        Column b = c.to();
        StringBuilder change = new StringBuilder("ColumnChange.to()");
        if (!a.type().equals(b.type())) change.append(".type(").append(str(b.type())).append(")");
        if (a.notNull() != b.notNull()) change.append(b.notNull() ? ".notNull()" : ".nullable()");
        if (!java.util.Objects.equals(a.defaultExpr(), b.defaultExpr())) {
            change.append(b.defaultExpr() == null ? ".noDefault()" : ".defaultSql(" + str(b.defaultExpr()) + ")");
        }
        return List.of("op.alterColumn(" + str(table(c.table())) + ", " + str(b.name()) + ", " + change + ");");
    }

    /** A column the API's {@code Column} describes fully: a type, nullability and a default. */
    private static boolean simple(Column c) {
        return c.identity() == null && c.generated() == null && c.collation() == null && c.comment() == null;
    }

    private static String column(Column c) {
        StringBuilder s = new StringBuilder("Column.of(" + str(c.name()) + ", " + str(c.type()) + ")");
        if (c.notNull()) s.append(".notNull()");
        if (c.defaultExpr() != null) s.append(".defaultSql(").append(str(c.defaultExpr())).append(")");
        return s.toString();
    }

    /** A table constraint as an API element; "" for none, null when the API cannot express it. */
    private String element(Constraint k) {
        if (k.kind() == Constraint.Kind.FOREIGN_KEY) return "";
        if (k.kind() == Constraint.Kind.CHECK) return "Constraint.check(" + str(k.name()) + ", " + str(condition(k.definition())) + ")";
        Matcher m = KEY.matcher(k.definition());
        if (!m.matches()) return null;
        List<String> cols = columnNames(m.group(2));
        String args = String.join(", ", cols.stream().map(JavaChangeSource::str).toList());
        return k.kind() == Constraint.Kind.PRIMARY_KEY ? "Constraint.primaryKey(" + args + ").named(" + str(k.name()) + ")"
                : k.kind() == Constraint.Kind.UNIQUE ? "Constraint.unique(" + str(k.name()) + ", " + args + ")" : null;
    }

    private static String condition(String definition) {
        String d = definition.strip();
        if (d.startsWith("CHECK ")) d = d.substring(6).strip();
        if (d.endsWith(" NO INHERIT")) d = d.substring(0, d.length() - 11);
        while (d.startsWith("(") && d.endsWith(")") && balanced(d.substring(1, d.length() - 1))) d = d.substring(1, d.length() - 1);
        return d;
    }

    private static boolean balanced(String s) {
        int depth = 0;
        for (char c : s.toCharArray()) {
            if (c == '(') depth++;
            if (c == ')' && --depth < 0) return false;
        }
        return depth == 0;
    }

    private static String actions(String text) {
        String onDelete = null;
        String onUpdate = null;
        Matcher m = ACTION.matcher(text == null ? "" : text);
        while (m.find()) {
            String action = "ReferentialAction." + m.group(2).replace(' ', '_').toUpperCase(Locale.ROOT);
            if (m.group(1).equals("DELETE")) onDelete = action;
            else onUpdate = action;
        }
        if (onDelete == null && onUpdate == null) return "";
        return ", " + (onDelete == null ? "ReferentialAction.NO_ACTION" : onDelete) + ", " + (onUpdate == null ? "ReferentialAction.NO_ACTION" : onUpdate);
    }

    private static List<String> columnNames(String list) {
        List<String> names = new ArrayList<>();
        for (String part : list.split(",")) names.add(unquote(part.strip()));
        return names;
    }

    private static String columns(String list) {
        return "List.of(" + String.join(", ", columnNames(list).stream().map(JavaChangeSource::str).toList()) + ")";
    }

    private static String unquote(String identifier) {
        if (identifier.startsWith("\"") && identifier.endsWith("\"")) return identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"");
        return identifier;
    }

    private String table(Name name) {
        return name.schema() == null || name.schema().equals(schema) ? name.name() : name.schema() + "." + name.name();
    }

    /** A Java string literal. */
    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
