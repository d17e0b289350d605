package dev.migrate.shadow;

import dev.migrate.config.DatabaseUrl;
import dev.migrate.script.ScriptException;
import dev.migrate.script.SqlSplitter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads a desired schema written as SQL into an empty scratch database: a file, or a folder of {@code .sql} files run
 * in name order. The output of {@code pg_dump -s} loads as it is: psql's meta-commands ({@code \restrict},
 * {@code \connect}, any line that starts with a backslash) are skipped, its session settings apply to the loading
 * session only, and ownership and privileges ({@code ALTER ... OWNER TO}, {@code GRANT}, {@code REVOKE}) are skipped,
 * because the roles they name need not exist on the scratch server and neither is compared.
 */
public final class SchemaFiles {

    private static final Pattern OWNER = Pattern.compile("(?is)^ALTER\\s+.+\\s+OWNER\\s+TO\\s+.+$");
    private static final Pattern PRIVILEGES = Pattern.compile("(?is)^(GRANT|REVOKE|ALTER\\s+DEFAULT\\s+PRIVILEGES)\\s.+$");
    private static final Pattern CREATE_SCHEMA = Pattern.compile("(?is)^CREATE\\s+SCHEMA\\s+(?!IF\\s+NOT\\s+EXISTS)");

    private SchemaFiles() {
    }

    /** The files a path names: the file itself, or the {@code .sql} files of a folder (not its subfolders) by name. */
    public static List<Path> files(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> list = Files.list(p)) {
                    List<Path> sql = list.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".sql"))
                            .filter(Files::isRegularFile).sorted().toList();
                    if (sql.isEmpty()) {
                        throw new ScriptException(p, null, "the folder holds no .sql file", "Put the schema's CREATE statements "
                                + "in .sql files there (they run in name order), or name a file");
                    }
                    out.addAll(sql);
                } catch (IOException e) {
                    throw new ScriptException(p, null, "cannot list the folder: " + e.getMessage(), "Check the path and its permissions");
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new ScriptException(p, null, "no such file or folder", "Give a .sql file or a folder of them "
                        + "(--from-schema, or schema_files in migrate.yaml)");
            }
        }
        return out;
    }

    /** Runs the files into the database (each statement on its own), reporting the first failure with file and line. */
    public static void load(List<Path> paths, DatabaseUrl into) {
        List<Path> files = files(paths);
        boolean postgres = into.kind() == DatabaseUrl.Kind.POSTGRESQL;
        try (Connection c = DriverManager.getConnection(into.jdbcUrl(), into.jdbcProperties()); Statement st = c.createStatement()) {
            for (Path file : files) {
                String text;
                try {
                    text = Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new ScriptException(file, null, "cannot read the file: " + e.getMessage(), "Check the path and its permissions");
                }
                run(st, file, text, postgres);
            }
        } catch (SQLException e) {
            throw new ShadowException("cannot load the schema into a scratch database: " + e.getMessage(), e);
        }
    }

    /** Runs SQL text (entity DDL) as if it were a file. */
    public static void loadText(String text, Path origin, DatabaseUrl into) {
        try (Connection c = DriverManager.getConnection(into.jdbcUrl(), into.jdbcProperties()); Statement st = c.createStatement()) {
            run(st, origin, text, into.kind() == DatabaseUrl.Kind.POSTGRESQL);
        } catch (SQLException e) {
            throw new ShadowException("cannot load the schema into a scratch database: " + e.getMessage(), e);
        }
    }

    private static void run(Statement st, Path file, String text, boolean postgres) {
        for (SqlSplitter.Statement s : SqlSplitter.split(withoutMetaCommands(text), 1,
                postgres ? SqlSplitter.Flavor.POSTGRESQL : SqlSplitter.Flavor.SQLITE)) {
            String sql = s.sql().strip();
            if (OWNER.matcher(sql).matches() || PRIVILEGES.matcher(sql).matches()) continue;
            if (postgres && CREATE_SCHEMA.matcher(sql).find()) sql = CREATE_SCHEMA.matcher(sql).replaceFirst("CREATE SCHEMA IF NOT EXISTS ");
            try {
                st.execute(sql);
            } catch (SQLException e) {
                throw new ScriptException(file, s.line(), "the statement failed on the scratch database: " + firstLine(e.getMessage())
                        + " (" + s.abbreviated(80) + ")", "Fix the schema file: it must run on an empty database, in file order", e);
            }
        }
    }

    /** The text with psql meta-command lines blanked (so that line numbers stay right). */
    static String withoutMetaCommands(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (String line : text.split("\n", -1)) {
            b.append(line.stripLeading().startsWith("\\") ? "" : line).append('\n');
        }
        return b.toString();
    }

    private static String firstLine(String message) {
        if (message == null) return "";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
