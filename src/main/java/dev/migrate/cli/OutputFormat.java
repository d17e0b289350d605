package dev.migrate.cli;

import picocli.CommandLine;

/** {@code --format}: what a command prints on standard output. */
enum OutputFormat {
    /** Sentences and Alembic's lines, for people. */
    TEXT,
    /** One JSON document (MIGRATIONS.md, "Machine-readable output"), for programs. */
    JSON,
    /** An SQL script ({@code diff}, {@code dump-schema}). */
    SQL,
    /** GitHub workflow commands, one annotation a finding ({@code lint}). */
    GITHUB,
    /** A SARIF 2.1.0 log ({@code lint}): code-scanning tools read it. */
    SARIF;

    /** What shell completion offers: the values as they are written. */
    static final class Candidates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.List.of("text", "json", "sql", "github", "sarif").iterator();
        }
    }

    /** The option's values are written in lower case ({@code text}, {@code json}); any case is accepted. */
    static final class Converter implements CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "text" -> TEXT;
                case "json" -> JSON;
                case "sql" -> SQL;
                case "github" -> GITHUB;
                case "sarif" -> SARIF;
                default -> throw new CommandLine.TypeConversionException("'" + value + "' is not one of text, json, sql, github, sarif");
            };
        }
    }
}
