package dev.migrate.cli;

import dev.migrate.support.Cli;
import dev.migrate.support.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Differential test of the text: what real Alembic 1.8.1 printed for {@code heads}, {@code branches},
 * {@code history} (every {@code -r} form, {@code -i}), {@code show} and {@code current} on 40 random graphs and
 * four database states each (src/test/resources/alembic-parity/text.json, written by
 * src/test/alembic/gen_text_cases.py), replayed through migrate's command line on the same scripts, written as SQL,
 * and the same version table. Successful output must be equal line for line ({@code show}: up to its {@code Path:}
 * line, after which the files differ by nature); where Alembic fails, migrate must fail too (its messages differ on
 * purpose: MIGRATIONS.md, "Where migrate differs from Alembic").
 */
class AlembicTextParityTest {

    @TempDir Path dir;

    @Test
    void theOutputOfEveryRecordedCommandIsAlembics() throws Exception {
        Map<String, Object> fixture;
        try (InputStream in = getClass().getResourceAsStream("/alembic-parity/text.json")) {
            fixture = cast(JsonReader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
        List<String> differences = new ArrayList<>();
        int compared = 0;
        int deliberate = 0;
        int graphNo = 0;
        for (Object g : (List<?>) fixture.get("graphs")) {
            Map<String, Object> graph = cast(g);
            Path project = Files.createDirectories(dir.resolve("g" + graphNo++));
            write(project, cast(graph.get("revisions")));
            List<List<String>> states = cast(graph.get("states"));
            for (Object c : (List<?>) graph.get("commands")) {
                Map<String, Object> cmd = cast(c);
                List<String> args = cast(cmd.get("args"));
                Object state = cmd.get("state");
                if (state != null) rows(project.resolve("state.db"), states.get(((Number) state).intValue()));
                Cli.Result r = new Cli(project).run(args.toArray(String[]::new));
                compared++;
                String what = "graph " + (graphNo - 1) + ", migrate " + String.join(" ", args)
                        + (state == null ? "" : " (rows " + states.get(((Number) state).intValue()) + ")");
                if (Boolean.TRUE.equals(cmd.get("ok"))) {
                    String expected = (String) cmd.get("out");
                    String actual = r.out();
                    if (args.get(0).equals("show")) {
                        expected = beforePath(expected);
                        actual = beforePath(actual);
                    }
                    if (args.get(0).equals("current") || args.get(0).equals("branches")) {
                        // Alembic iterates sets here (get_all_current; a branch point's nextrev): its order is the
                        // objects' hash order, arbitrary. The lines must be the same; migrate's order is the scripts'.
                        expected = sortedLines(expected);
                        actual = sortedLines(actual);
                    }
                    expected = unordered(expected);
                    actual = unordered(actual);
                    if (r.code() != 0 || !expected.equals(actual)) {
                        differences.add(what + "\n--- Alembic:\n" + expected + "--- migrate (exit " + r.code() + "):\n" + actual + r.err());
                    }
                } else if (state != null && states.get(((Number) state).intValue()).contains(UNKNOWN)
                        && String.valueOf(cmd.get("error")).contains("'" + UNKNOWN + "'")) {
                    // A database ahead of the code: Alembic fails ("Can't locate revision"); migrate shows the unknown
                    // revision and goes on from its nearest known ancestors (MIGRATIONS.md, "A database ahead of the code").
                    deliberate++;
                } else if (r.code() == 0) {
                    differences.add(what + ": Alembic fails (" + cmd.get("error") + "), migrate prints\n" + r.out());
                }
            }
        }
        // Every difference, for reading: target/alembic-text-differences.txt.
        Files.writeString(Path.of("target", "alembic-text-differences.txt"), String.join("\n\n", differences));
        assertTrue(compared > 1000, "the fixture holds " + compared + " commands");
        assertTrue(deliberate < compared / 5, deliberate + " deliberate differences");
        assertEquals(0, differences.size(), differences.size() + " of " + compared + " commands differ; the first:\n"
                + String.join("\n\n", differences.subList(0, Math.min(3, differences.size()))));
    }

    /** The revision id the fixture's states use for a revision no script defines. */
    static final String UNKNOWN = "ffffffffffff";

    private static final java.util.regex.Pattern GROUP = java.util.regex.Pattern.compile("\\(([^()]*, [^()]*)\\)");
    private static final java.util.regex.Pattern LISTED = java.util.regex.Pattern.compile("^(Branches into|Branch names|Merges|Also depends on): (.*)$");

    /**
     * The text with the lists that Alembic takes from Python sets (branch labels, a branch point's children) sorted:
     * their order is hash order in Alembic, the scripts' or alphabetical in migrate.
     */
    static String unordered(String text) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            java.util.regex.Matcher l = LISTED.matcher(line);
            if (l.matches()) {
                line = l.group(1) + ": " + String.join(", ", java.util.Arrays.stream(l.group(2).split(", ")).sorted().toList());
            }
            java.util.regex.Matcher g = GROUP.matcher(line);
            StringBuilder out = new StringBuilder();
            while (g.find()) {
                String sorted = String.join(", ", java.util.Arrays.stream(g.group(1).split(", ")).sorted().toList());
                g.appendReplacement(out, java.util.regex.Matcher.quoteReplacement("(" + sorted + ")"));
            }
            g.appendTail(out);
            b.append(out).append('\n');
        }
        return b.toString();
    }

    static String sortedLines(String text) {
        return String.join("\n", text.lines().sorted().toList());
    }

    /** The lines of a {@code show} entry before its {@code Path:} line. */
    static String beforePath(String text) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("Path: ")) {
                b.append("Path: …\n");
                continue;
            }
            if (line.startsWith("    ") || line.isEmpty()) continue; // the file's own text: a docstring or an SQL header
            b.append(line).append('\n');
        }
        return b.toString();
    }

    private static void write(Path project, List<Map<String, Object>> revisions) throws Exception {
        Files.writeString(project.resolve("migrate.yaml"), "version_table: alembic_version\nurl: sqlite:state.db\n");
        Path versions = Files.createDirectories(project.resolve("migrations/versions"));
        for (Map<String, Object> r : revisions) {
            StringBuilder s = new StringBuilder();
            for (String line : ((String) r.get("message")).split("\n")) s.append("-- ").append(line).append('\n');
            s.append("--\n-- Revision ID: ").append(r.get("id")).append('\n');
            s.append("-- Revises: ").append(String.join(", ", strings(r.get("down")))).append('\n');
            s.append("-- Create Date: 2026-12-04 00:00:00.000000\n");
            if (!strings(r.get("labels")).isEmpty()) s.append("-- Branch Labels: ").append(String.join(", ", strings(r.get("labels")))).append('\n');
            if (!strings(r.get("deps")).isEmpty()) s.append("-- Depends On: ").append(String.join(", ", strings(r.get("deps")))).append('\n');
            s.append("\n-- migrate:upgrade\n\n-- migrate:downgrade\n");
            Files.writeString(versions.resolve(r.get("id") + "_rev.sql"), s.toString());
        }
    }

    private static void rows(Path db, List<String> rows) throws Exception {
        Files.deleteIfExists(db);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))");
            for (String row : rows) st.execute("INSERT INTO alembic_version VALUES ('" + row + "')");
        }
    }

    private static List<String> strings(Object o) {
        return cast(o);
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }
}
