package dev.migrate.ops;

import dev.migrate.script.SqlSplitter;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/** PostgreSQL: every operation in place, as standard SQL; typed literals for dates and times. */
public final class PostgresRenderer extends SqlRenderer {

    /** PostgreSQL's reserved key words, including those that may only be function or type names. */
    private static final Set<String> RESERVED = Set.of(
            "ALL", "ANALYSE", "ANALYZE", "AND", "ANY", "ARRAY", "AS", "ASC", "ASYMMETRIC", "AUTHORIZATION", "BINARY",
            "BOTH", "CASE", "CAST", "CHECK", "COLLATE", "COLLATION", "COLUMN", "CONCURRENTLY", "CONSTRAINT", "CREATE",
            "CROSS", "CURRENT_CATALOG", "CURRENT_DATE", "CURRENT_ROLE", "CURRENT_SCHEMA", "CURRENT_TIME",
            "CURRENT_TIMESTAMP", "CURRENT_USER", "DEFAULT", "DEFERRABLE", "DESC", "DISTINCT", "DO", "ELSE", "END",
            "EXCEPT", "FALSE", "FETCH", "FOR", "FOREIGN", "FREEZE", "FROM", "FULL", "GRANT", "GROUP", "HAVING",
            "ILIKE", "IN", "INITIALLY", "INNER", "INTERSECT", "INTO", "IS", "ISNULL", "JOIN", "LATERAL", "LEADING",
            "LEFT", "LIKE", "LIMIT", "LOCALTIME", "LOCALTIMESTAMP", "NATURAL", "NOT", "NOTNULL", "NULL", "OFFSET",
            "ON", "ONLY", "OR", "ORDER", "OUTER", "OVERLAPS", "PLACING", "PRIMARY", "REFERENCES", "RETURNING", "RIGHT",
            "SELECT", "SESSION_USER", "SIMILAR", "SOME", "SYMMETRIC", "SYSTEM_USER", "TABLE", "TABLESAMPLE", "THEN",
            "TO", "TRAILING", "TRUE", "UNION", "UNIQUE", "USER", "USING", "VARIADIC", "VERBOSE", "WHEN", "WHERE",
            "WINDOW", "WITH");

    public PostgresRenderer() {
    }

    @Override public String dialect() { return "postgresql"; }

    @Override SqlSplitter.Flavor flavor() { return SqlSplitter.Flavor.POSTGRESQL; }

    @Override Set<String> reservedWords() { return RESERVED; }

    /** {@code 'text'}; with a backslash {@code E'...'}, which reads the same whatever standard_conforming_strings says. */
    @Override
    String stringLiteral(String s) {
        String q = quoteString(s);
        return s.indexOf('\\') < 0 ? q : "E" + q.replace("\\", "\\\\");
    }

    @Override String booleanLiteral(boolean b) { return b ? "TRUE" : "FALSE"; }

    @Override String bytesLiteral(String hex) { return "decode('" + hex + "', 'hex')"; }

    @Override String dateLiteral(LocalDate d) { return "DATE '" + date(d) + "'"; }

    @Override String timeLiteral(LocalTime t) { return "TIME '" + time(t) + "'"; }

    @Override String timestampLiteral(LocalDateTime t) { return "TIMESTAMP '" + timestamp(t) + "'"; }

    @Override
    String timestampTzLiteral(OffsetDateTime t) {
        return "TIMESTAMP WITH TIME ZONE '" + timestamp(t.toLocalDateTime()) + offset(t.getOffset()) + "'";
    }

    @Override
    String instantLiteral(Instant i) {
        return timestampTzLiteral(OffsetDateTime.ofInstant(i, ZoneOffset.UTC));
    }
}
