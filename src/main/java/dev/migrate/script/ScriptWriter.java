package dev.migrate.script;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes new revision scripts: the text of an empty SQL or Java revision, and its file name from a
 * {@code file_template} with Alembic's tokens.
 */
public final class ScriptWriter {

    /** Alembic's {@code Create Date} format. */
    public static final DateTimeFormatter CREATE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    /** Alembic's default {@code truncate_slug_length}. */
    public static final int SLUG_LENGTH = 40;

    private static final Pattern TOKEN = Pattern.compile("%\\((\\w+)\\)(\\.\\d+)?([sd])");
    private static final Pattern WORD = Pattern.compile("\\w+", Pattern.UNICODE_CHARACTER_CLASS);

    private ScriptWriter() { }

    /** What a new revision declares. */
    public record NewRevision(String id, String message, List<String> revises, List<String> branchLabels,
                              List<String> dependsOn, LocalDateTime created) {
        public NewRevision {
            message = message == null || message.isBlank() ? "empty message" : message.strip();
            revises = List.copyOf(revises);
            branchLabels = List.copyOf(branchLabels);
            dependsOn = List.copyOf(dependsOn);
        }
    }

    /**
     * What a generated revision holds: its sections' text, and remarks for the reviewer written under the header.
     *
     * @param noTransaction both sections carry {@code -- migrate:no-transaction}
     */
    public record Content(String upgrade, String downgrade, boolean noTransaction, List<String> remarks) {
        public static final Content EMPTY = new Content("", "", false, List.of());

        public Content {
            remarks = List.copyOf(remarks);
        }
    }

    /** The text of an empty SQL revision script. */
    public static String sql(NewRevision r) {
        return sql(r, Content.EMPTY);
    }

    /** The text of a SQL revision script with this content. */
    public static String sql(NewRevision r, Content content) {
        StringBuilder s = new StringBuilder();
        for (String line : r.message().split("\n", -1)) {
            s.append(line.isBlank() ? "--" : "-- " + line.stripTrailing()).append('\n');
        }
        s.append("--\n");
        s.append("-- Revision ID: ").append(r.id()).append('\n');
        s.append("-- Revises:").append(r.revises().isEmpty() ? "" : " " + String.join(", ", r.revises())).append('\n');
        s.append("-- Create Date: ").append(CREATE_DATE.format(r.created())).append('\n');
        if (!r.branchLabels().isEmpty()) s.append("-- Branch Labels: ").append(String.join(", ", r.branchLabels())).append('\n');
        if (!r.dependsOn().isEmpty()) s.append("-- Depends On: ").append(String.join(", ", r.dependsOn())).append('\n');
        if (!content.remarks().isEmpty()) {
            s.append("\n");
            for (String remark : content.remarks()) {
                for (String line : remark.split("\n", -1)) s.append(line.isBlank() ? "--" : "-- " + line.stripTrailing()).append('\n');
            }
        }
        String flag = content.noTransaction() ? "-- migrate:" + ScriptLoader.NO_TRANSACTION + "\n" : "";
        s.append("\n-- migrate:upgrade\n").append(flag).append(section(content.upgrade()))
                .append("\n-- migrate:downgrade\n").append(flag).append(section(content.downgrade()));
        return s.toString();
    }

    private static String section(String body) {
        String b = body.strip();
        return b.isEmpty() ? "\n" : "\n" + b + "\n";
    }

    /** The text of an empty Java revision script. */
    public static String java(NewRevision r) {
        return java(r, Content.EMPTY);
    }

    /**
     * The text of a Java revision script; the content's sections are Java statements on {@code op}, and a
     * no-transaction content makes the revision {@code transactional = false}.
     */
    public static String java(NewRevision r, Content content) {
        String className = "Revision_" + r.id().replaceAll("\\W", "_");
        StringBuilder remarks = new StringBuilder();
        for (String remark : content.remarks()) {
            for (String line : remark.split("\n", -1)) remarks.append(line.isBlank() ? "//" : "// " + line.stripTrailing()).append('\n');
        }
        return """
                import dev.migrate.api.*;
                %s
                %s@Revision(
                    id = %s,
                    revises = {%s},
                    message = %s,
                    createDate = %s%s%s%s)
                class %s implements ReversibleMigration {

                    @Override
                    public void upgrade(Operations op) throws Exception {
                %s    }

                    @Override
                    public void downgrade(Operations op) throws Exception {
                %s    }
                }
                """.formatted(content.upgrade().isBlank() && content.downgrade().isBlank() ? "" : "import java.util.List;\n",
                remarks, literal(r.id()), literals(r.revises()), literal(r.message()),
                literal(CREATE_DATE.format(r.created())),
                r.branchLabels().isEmpty() ? "" : ",\n    branchLabels = {" + literals(r.branchLabels()) + "}",
                r.dependsOn().isEmpty() ? "" : ",\n    dependsOn = {" + literals(r.dependsOn()) + "}",
                content.noTransaction() ? ",\n    transactional = false" : "",
                className, indent(content.upgrade()), indent(content.downgrade()));
    }

    private static String indent(String body) {
        StringBuilder b = new StringBuilder();
        for (String line : body.strip().split("\n", -1)) {
            if (!line.isBlank()) b.append("        ").append(line.stripTrailing()).append('\n');
        }
        return b.toString();
    }

    private static String literals(List<String> values) {
        return String.join(", ", values.stream().map(ScriptWriter::literal).toList());
    }

    private static String literal(String s) {
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

    /**
     * Alembic's slug: the words of the message, lower case, joined by {@code _}, cut at a word boundary to at most
     * {@link #SLUG_LENGTH} characters.
     */
    public static String slug(String message) {
        Matcher m = WORD.matcher(message == null ? "" : message);
        StringBuilder b = new StringBuilder();
        while (m.find()) b.append(b.length() == 0 ? "" : "_").append(m.group());
        String slug = b.toString().toLowerCase(java.util.Locale.ROOT);
        if (slug.length() > SLUG_LENGTH) {
            String cut = slug.substring(0, SLUG_LENGTH);
            int last = cut.lastIndexOf('_');
            slug = (last > 0 ? cut.substring(0, last) : cut) + "_";
        }
        return slug;
    }

    /**
     * A file name (without extension) from a template with Alembic's tokens: {@code %(rev)s}, {@code %(slug)s},
     * {@code %(epoch)s}, {@code %(year)d}, {@code %(month).2d}, {@code %(day).2d}, {@code %(hour).2d},
     * {@code %(minute).2d}, {@code %(second).2d}.
     *
     * @throws IllegalArgumentException naming an unknown token
     */
    public static String fileName(String template, String id, String message, LocalDateTime created) {
        Map<String, Object> values = Map.of(
                "rev", id, "slug", slug(message),
                "epoch", created.atZone(java.time.ZoneId.systemDefault()).toEpochSecond(),
                "year", created.getYear(), "month", created.getMonthValue(), "day", created.getDayOfMonth(),
                "hour", created.getHour(), "minute", created.getMinute(), "second", created.getSecond());
        Matcher m = TOKEN.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("unknown token %(" + m.group(1) + ") in file_template; known: "
                        + String.join(", ", new java.util.TreeSet<>(values.keySet())));
            }
            String text;
            if (m.group(3).equals("d") && v instanceof Number n) {
                int width = m.group(2) == null ? 0 : Integer.parseInt(m.group(2).substring(1));
                text = String.format("%0" + Math.max(1, width) + "d", n.longValue());
            } else {
                text = String.valueOf(v);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return out.toString();
    }
}
