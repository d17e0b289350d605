package dev.migrate.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.migrate.script.SqlSplitter.Flavor;
import dev.migrate.script.SqlSplitter.Statement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScriptLoaderTest {

    private static final Path FILE = Path.of("migrations/versions/3f1c9a2b7d10_add_avatar.sql");

    private static final String EXAMPLE = """
            -- Add user avatar field
            --
            -- Revision ID: 3f1c9a2b7d10
            -- Revises: 9e8d7c6b5a40
            -- Create Date: 2026-11-21 10:30:00.123456
            -- Branch Labels: accounts
            -- Depends On: 1a2b3c4d5e6f

            -- migrate:upgrade
            ALTER TABLE users ADD COLUMN avatar_url varchar(500);

            -- migrate:downgrade
            ALTER TABLE users DROP COLUMN avatar_url;
            """;

    @TempDir
    Path dir;

    private static SqlScript parse(String content) {
        return ScriptLoader.parse(FILE, content);
    }

    private static String minimal(String body) {
        return "-- Revision ID: abc\n-- Revises:\n\n" + body;
    }

    // --- the happy path --------------------------------------------------------------------------

    @Test
    void parsesTheDocumentedExample() {
        SqlScript s = parse(EXAMPLE);
        assertEquals(FILE, s.path());
        assertEquals("3f1c9a2b7d10", s.id());
        assertEquals(List.of("9e8d7c6b5a40"), s.revises());
        assertEquals(List.of("1a2b3c4d5e6f"), s.dependsOn());
        assertEquals(List.of("accounts"), s.branchLabels());
        assertEquals("Add user avatar field", s.message());
        assertEquals("Add user avatar field", s.summary());
        assertEquals("2026-11-21 10:30:00.123456", s.createDate());
        assertEquals(10, s.upgrade().firstLine());
        assertEquals("ALTER TABLE users ADD COLUMN avatar_url varchar(500);\n\n", s.upgrade().sql());
        assertEquals(Set.of(), s.upgrade().flags());
        assertTrue(s.downgrade().isPresent());
        assertEquals(13, s.downgrade().get().firstLine());
        assertEquals("ALTER TABLE users DROP COLUMN avatar_url;\n", s.downgrade().get().sql());
        assertEquals(64, s.checksum().length());
        assertTrue(s.checksum().matches("[0-9a-f]{64}"), s.checksum());
    }

    @Test
    void sectionsSplitWithFileLineNumbers() {
        SqlScript s = parse(EXAMPLE);
        List<Statement> up = SqlSplitter.split(FILE, s.upgrade(), Flavor.POSTGRESQL);
        assertEquals(List.of(new Statement("ALTER TABLE users ADD COLUMN avatar_url varchar(500)", 10)), up);
        List<Statement> down = SqlSplitter.split(FILE, s.downgrade().orElseThrow(), Flavor.POSTGRESQL);
        assertEquals(List.of(new Statement("ALTER TABLE users DROP COLUMN avatar_url", 13)), down);
    }

    @Test
    void splitterErrorsNameTheFileAndLine() {
        SqlScript s = parse(minimal("-- migrate:upgrade\nSELECT 1;\nSELECT 'oops;\n"));
        ScriptException e = assertThrows(ScriptException.class, () -> SqlSplitter.split(FILE, s.upgrade(), Flavor.SQLITE));
        assertEquals(FILE, e.file());
        assertEquals(6, e.line());
        assertTrue(e.getMessage().startsWith(FILE + ":6: unterminated string"), e.getMessage());
    }

    @Test
    void multiLineMessageKeepsLinesAndSummaryIsTheFirst() {
        SqlScript s = parse("""
                -- Add avatars
                -- and backfill them from gravatar
                --
                -- Revision ID: abc
                -- Revises:
                -- migrate:upgrade
                """);
        assertEquals("Add avatars\nand backfill them from gravatar", s.message());
        assertEquals("Add avatars", s.summary());
    }

    @Test
    void messageEndsAtTheFirstKeyLineAndMayContainColons() {
        SqlScript s = parse("""
                -- Fix: handle nulls
                -- Revision ID: abc
                -- Revises: def
                -- migrate:upgrade
                """);
        assertEquals("Fix: handle nulls", s.message());
        assertEquals("abc", s.id());
    }

    @Test
    void headerWithoutMessage() {
        SqlScript s = parse(minimal("-- migrate:upgrade\n"));
        assertEquals("", s.message());
        assertEquals("", s.summary());
        assertEquals(List.of(), s.revises(), "empty Revises = a base revision");
        assertNull(s.createDate());
        assertEquals(List.of(), s.branchLabels());
        assertEquals(List.of(), s.dependsOn());
    }

    @Test
    void keysAreCaseInsensitiveAndValuesTrimmed() {
        SqlScript s = parse("""
                --   revision id:    abc\t
                -- REVISES:  p1 ,p2,  p3
                -- branch labels: a, b
                -- depends on: x
                -- create date:
                -- migrate:upgrade
                """);
        assertEquals("abc", s.id());
        assertEquals(List.of("p1", "p2", "p3"), s.revises(), "a merge point");
        assertEquals(List.of("a", "b"), s.branchLabels());
        assertEquals(List.of("x"), s.dependsOn());
        assertNull(s.createDate());
    }

    @Test
    void idCharactersAreLeftToTheGraph() {
        assertEquals("a@b+c-d:e", parse("-- Revision ID: a@b+c-d:e\n-- Revises:\n-- migrate:upgrade\n").id());
    }

    @Test
    void leadingBlankLinesAndCommentsBeforeTheMarkerAreAllowed() {
        SqlScript s = parse("\n\n-- Revision ID: abc\n-- Revises:\n\n-- a note about this migration\n\n-- migrate:upgrade\nSELECT 1;\n");
        assertEquals("abc", s.id());
        assertEquals(9, s.upgrade().firstLine());
        assertEquals("SELECT 1;\n", s.upgrade().sql());
    }

    @Test
    void markerDirectlyAfterTheHeader() {
        SqlScript s = parse("-- Revision ID: abc\n-- Revises:\n-- migrate:upgrade\nSELECT 1");
        assertEquals(4, s.upgrade().firstLine());
        assertEquals("SELECT 1", s.upgrade().sql());
        assertTrue(s.downgrade().isEmpty());
    }

    @Test
    void absentDowngradeIsEmptyButAnEmptyDowngradeSectionIsANoOp() {
        assertTrue(parse(minimal("-- migrate:upgrade\nSELECT 1;\n")).downgrade().isEmpty());
        SqlScript s = parse(minimal("-- migrate:upgrade\nSELECT 1;\n-- migrate:downgrade\n"));
        assertTrue(s.downgrade().isPresent());
        assertEquals("", s.downgrade().get().sql());
        assertEquals(List.of(), SqlSplitter.split(FILE, s.downgrade().get(), Flavor.SQLITE));
    }

    @Test
    void emptyUpgradeSectionIsValid() {
        SqlScript s = parse("-- Merge\n--\n-- Revision ID: m\n-- Revises: a, b\n-- migrate:upgrade\n-- migrate:downgrade\n");
        assertEquals("", s.upgrade().sql());
        assertEquals(List.of("a", "b"), s.revises());
    }

    @Test
    void markerAsLastLineWithoutNewline() {
        SqlScript s = parse(minimal("-- migrate:upgrade"));
        assertEquals("", s.upgrade().sql());
        assertEquals(5, s.upgrade().firstLine());
    }

    @Test
    void flagsBelongToTheirSection() {
        SqlScript s = parse(minimal("""
                -- migrate:upgrade
                -- migrate:no-transaction
                CREATE INDEX CONCURRENTLY i ON t (c);
                -- migrate:downgrade
                DROP INDEX i;
                """));
        assertEquals(Set.of("no-transaction"), s.upgrade().flags());
        assertTrue(s.upgrade().hasFlag(ScriptLoader.NO_TRANSACTION));
        assertEquals(Set.of(), s.downgrade().get().flags());
        assertEquals(List.of(new Statement("CREATE INDEX CONCURRENTLY i ON t (c)", 6)),
                SqlSplitter.split(FILE, s.upgrade(), Flavor.POSTGRESQL), "the flag line is a comment to the splitter");
    }

    @Test
    void markersAreLenientAboutSpacingAndCase() {
        SqlScript s = parse(minimal("  --migrate: UPGRADE  \nSELECT 1;\n--  Migrate:Downgrade\n-- migrate:No-Transaction\n"));
        assertEquals(5, s.upgrade().firstLine());
        assertEquals(Set.of("no-transaction"), s.downgrade().get().flags());
    }

    // --- line endings, BOM, checksum -------------------------------------------------------------

    @Test
    void crlfAndBomParseTheSameAndHaveTheSameChecksumButKeepTheirEndingsInWhatRuns() {
        SqlScript lf = parse(EXAMPLE);
        SqlScript crlf = parse("\uFEFF" + EXAMPLE.replace("\n", "\r\n"));
        SqlScript cr = parse(EXAMPLE.replace("\n", "\r"));
        for (SqlScript other : List.of(crlf, cr)) {
            assertEquals(lf.checksum(), other.checksum());
            assertEquals(lf.upgrade().firstLine(), other.upgrade().firstLine());
            assertEquals(lf.upgrade().flags(), other.upgrade().flags());
            assertEquals(lf.downgrade().map(SqlScript.Section::firstLine), other.downgrade().map(SqlScript.Section::firstLine));
            assertEquals(lf.message(), other.message());
        }
        // What runs is the file's own text: line endings included.
        assertEquals(lf.upgrade().sql().replace("\n", "\r\n"), crlf.upgrade().sql());
        assertEquals(lf.upgrade().sql().replace("\n", "\r"), cr.upgrade().sql());
        assertEquals(lf.downgrade().get().sql().replace("\n", "\r\n"), crlf.downgrade().get().sql());
    }

    @Test
    void checksumIsSha256OfTheNormalisedText() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ScriptLoader.checksum(""));
        assertEquals(ScriptLoader.checksum(EXAMPLE), parse(EXAMPLE).checksum());
    }

    @Test
    void checksumChangesWithTheContent() {
        assertNotEquals(parse(EXAMPLE).checksum(), parse(EXAMPLE.replace("500", "501")).checksum());
        assertNotEquals(parse(EXAMPLE).checksum(), parse(EXAMPLE + "\n").checksum(), "a trailing blank line is a change");
    }

    // --- errors ----------------------------------------------------------------------------------

    /** content, line, a fragment of the problem, a fragment of the hint. */
    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("-- Revises:\n-- Revison ID: x\n-- migrate:upgrade\n", 2, "unknown header key `Revison ID`", "Did you mean `Revision ID`?"),
                Arguments.of("-- Add things\n-- Revison ID: x\n-- Revises:\n-- migrate:upgrade\n", 2, "`Revision ID` header line is missing", "Did you mean `Revision ID`?"),
                Arguments.of("-- migrate:upgrade\nSELECT 1;\n", 1, "`Revision ID` header line is missing", "-- Revision ID: <id>"),
                Arguments.of("SELECT 1;\n", 1, "`Revision ID` header line is missing", "Start the file with a header"),
                Arguments.of("", 1, "`Revision ID` header line is missing", "Revises"),
                Arguments.of("-- Msg\n--\n-- Revision ID: abc\n-- migrate:upgrade\n", 3, "`Revises` header line is missing", "`-- Revises:`"),
                Arguments.of("-- Revision ID: a\n-- Revises:\n-- Revision ID: b\n-- migrate:upgrade\n", 3, "given twice (first on line 1)", "Remove"),
                Arguments.of("-- Revision ID: a b\n-- Revises:\n-- migrate:upgrade\n", 1, "contains whitespace", "one word"),
                Arguments.of("-- Revision ID:\n-- Revises:\n-- migrate:upgrade\n", 1, "`Revision ID` is empty", "3f1c9a2b7d10"),
                Arguments.of("-- Revision ID: a\n-- Revises: b c\n-- migrate:upgrade\n", 2, "entry `b c` contains whitespace", "commas"),
                Arguments.of("-- Revision ID: a\n-- Revises: b,,c\n-- migrate:upgrade\n", 2, "has an empty entry", "commas"),
                Arguments.of("-- Revision ID: a\n-- Revises: b, b\n-- migrate:upgrade\n", 2, "lists `b` twice", "Remove"),
                Arguments.of("-- Revision ID: a\n-- Revises:\n-- Branch Labels: x,\n-- migrate:upgrade\n", 3, "empty entry", "commas"),
                Arguments.of("-- Revision ID: a\n-- Revises:\n-- Author: me\n-- migrate:upgrade\n", 3, "unknown header key `Author`", "Known keys: Revision ID, Revises"),
                Arguments.of("-- Revision ID: a\n-- Revises:\n-- some free text\n-- migrate:upgrade\n", 3, "expected a `Key: value` header line", "blank line"),
                Arguments.of("-- Revision ID: a\n-- Revises:\n\nSELECT 1;\n", 4, "SQL before", "migrate:upgrade"),
                Arguments.of("-- Revision ID: a\n-- Revises:\n", 3, "the `-- migrate:upgrade` marker is missing", "Add a line `-- migrate:upgrade`"),
                Arguments.of("-- Revision ID: a\n-- Revises:\n\n-- only comments\n", 3, "marker is missing", "-- migrate:upgrade"),
                Arguments.of(minimal("-- migrate:upgrade\nSELECT 1;\n-- migrate:upgrade\n"), 6, "a second `-- migrate:upgrade` marker (the first is on line 4)", "downgrade"),
                Arguments.of(minimal("-- migrate:upgrade\n-- migrate:downgrade\n-- migrate:upgrade\n"), 6, "a second `-- migrate:upgrade`", "one upgrade section"),
                Arguments.of(minimal("-- migrate:downgrade\nDROP TABLE t;\n-- migrate:upgrade\n"), 4, "`-- migrate:downgrade` comes before `-- migrate:upgrade`", "upgrade section first"),
                Arguments.of(minimal("-- migrate:upgrade\n-- migrate:downgrade\n-- migrate:downgrade\n"), 6, "a second `-- migrate:downgrade` marker (the first is on line 5)", "at most one"),
                Arguments.of(minimal("CREATE TABLE t (a int);\n-- migrate:upgrade\n"), 4, "SQL before the `-- migrate:upgrade` marker", "below a `-- migrate:upgrade` line"),
                Arguments.of(minimal("/* licence */\n-- migrate:upgrade\n"), 4, "SQL before", "migrate:upgrade"),
                Arguments.of(minimal("-- migrate:upgrade\n-- migrate:no-transactions\n"), 5, "unknown marker `-- migrate:no-transactions`", "Did you mean `-- migrate:no-transaction`?"),
                Arguments.of(minimal("-- migrate:upgrade\n-- migrate:frobnicate\n"), 5, "unknown marker", "Known: -- migrate:upgrade, -- migrate:downgrade, -- migrate:no-transaction"),
                Arguments.of(minimal("-- migrate:up\n"), 4, "unknown marker `-- migrate:up`", "Did you mean `-- migrate:upgrade`?"),
                Arguments.of(minimal("-- migrate:upgrade\n-- migrate:down\n"), 5, "unknown marker `-- migrate:down`", "Did you mean `-- migrate:downgrade`?"),
                Arguments.of(minimal("-- migrate:no-transaction\n-- migrate:upgrade\n"), 4, "is outside a section", "Move it below"),
                Arguments.of(minimal("-- migrate:upgrade\n-- migrate:no-transaction\n-- migrate:no-transaction\n"), 6, "given twice in the upgrade section (first on line 5)", "Remove"),
                Arguments.of(minimal("-- migrate:upgrade now\n"), 4, "malformed `-- migrate:` line", "one marker per line"),
                Arguments.of(minimal("-- migrate:\n"), 4, "malformed", "-- migrate:upgrade"),
                Arguments.of("-- Revision ID: a\n-- Revises:\n-- migrate:upgrade please\n", 3, "malformed", "one marker per line"));
    }

    @ParameterizedTest(name = "[{index}] line {1}: {2}")
    @MethodSource("malformed")
    void rejectsMalformedScripts(String content, int line, String problem, String hint) {
        ScriptException e = assertThrows(ScriptException.class, () -> parse(content));
        assertEquals(FILE, e.file());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.problem().contains(problem), () -> "problem: " + e.getMessage());
        assertTrue(e.hint() != null && e.hint().contains(hint), () -> "hint: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(FILE + ":" + line + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    // --- directories -----------------------------------------------------------------------------

    private Path script(Path versions, String name, String id, String revises) throws IOException {
        Path file = versions.resolve(name);
        Files.writeString(file, "-- Revision ID: " + id + "\n-- Revises: " + revises + "\n-- migrate:upgrade\nSELECT 1;\n");
        return file;
    }

    @Test
    void loadsSqlFilesSortedByNameIgnoringTheRest() throws IOException {
        Path versions = Files.createDirectories(dir.resolve("versions"));
        script(versions, "b_second.sql", "b", "a");
        script(versions, "a_first.sql", "a", "");
        script(versions, "C_THIRD.SQL", "c", "b");
        Files.writeString(versions.resolve("README.md"), "not a script");
        Files.writeString(versions.resolve("notes.sql~"), "editor backup");
        Files.writeString(versions.resolve(".hidden.sql"), "not even parsed");
        Path sub = Files.createDirectories(versions.resolve("archive"));
        script(sub, "old.sql", "old", "");
        Files.createDirectories(versions.resolve("dir.sql"));

        List<SqlScript> scripts = ScriptLoader.loadDirectory(versions);
        assertEquals(List.of("c", "a", "b"), scripts.stream().map(SqlScript::id).toList(), "sorted by file name: C_ < a_ < b_");
        assertEquals(versions.resolve("a_first.sql"), scripts.get(1).path());
    }

    @Test
    void emptyVersionsDirectoryGivesNoScripts() throws IOException {
        assertEquals(List.of(), ScriptLoader.loadDirectory(Files.createDirectories(dir.resolve("versions"))));
    }

    @Test
    void missingVersionsDirectorySaysWhatToDo() {
        Path versions = dir.resolve("migrations/versions");
        ScriptException e = assertThrows(ScriptException.class, () -> ScriptLoader.loadDirectory(versions));
        assertEquals(versions, e.file());
        assertNull(e.line());
        assertTrue(e.hint().contains("migrate init"), e.getMessage());
        assertTrue(e.hint().contains("script_location"), e.getMessage());
    }

    @Test
    void versionsPathThatIsAFile() throws IOException {
        Path versions = Files.writeString(dir.resolve("versions"), "");
        ScriptException e = assertThrows(ScriptException.class, () -> ScriptLoader.loadDirectory(versions));
        assertTrue(e.problem().contains("not a directory"), e.getMessage());
    }

    @Test
    void duplicateRevisionIdsAcrossFiles() throws IOException {
        Path versions = Files.createDirectories(dir.resolve("versions"));
        script(versions, "1_one.sql", "same", "");
        Path second = script(versions, "2_two.sql", "same", "");
        ScriptException e = assertThrows(ScriptException.class, () -> ScriptLoader.loadDirectory(versions));
        assertEquals(second, e.file());
        assertTrue(e.problem().contains("`same` is also declared in 1_one.sql"), e.getMessage());
    }

    @Test
    void malformedScriptInADirectoryNamesItsFile() throws IOException {
        Path versions = Files.createDirectories(dir.resolve("versions"));
        script(versions, "1_ok.sql", "a", "");
        Path bad = Files.writeString(versions.resolve("2_bad.sql"), "-- Revision ID: b\n-- migrate:upgrade\n");
        ScriptException e = assertThrows(ScriptException.class, () -> ScriptLoader.loadDirectory(versions));
        assertEquals(bad, e.file());
        assertEquals(1, e.line());
    }

    @Test
    void aLongHistoryLoadsInFileOrderAndItsFirstMalformedScriptInThatOrderIsTheError() throws IOException {
        // Enough files to be parsed on several threads: the order and the error must not depend on it.
        Path versions = Files.createDirectories(dir.resolve("versions"));
        for (int i = 0; i < 300; i++) {
            script(versions, String.format("%04d_r.sql", i), "r" + i, i == 0 ? "" : "r" + (i - 1));
        }
        List<SqlScript> scripts = ScriptLoader.loadDirectory(versions);
        assertEquals(300, scripts.size());
        for (int i = 0; i < 300; i++) assertEquals("r" + i, scripts.get(i).id());

        Path first = Files.writeString(versions.resolve("0100_bad.sql"), "-- Revision ID: x\n-- migrate:upgrade\n");
        Files.writeString(versions.resolve("0250_bad.sql"), "-- Revision ID: y\n-- migrate:upgrade\n");
        for (int attempt = 0; attempt < 5; attempt++) {
            ScriptException e = assertThrows(ScriptException.class, () -> ScriptLoader.loadDirectory(versions));
            assertEquals(first, e.file());
        }
    }

    @Test
    void nonUtf8FileIsNamedWithTheLine() throws IOException {
        Path versions = Files.createDirectories(dir.resolve("versions"));
        Path file = versions.resolve("latin1.sql");
        Files.write(file, "-- Revision ID: a\n-- Revises:\n-- migrate:upgrade\nINSERT INTO t VALUES ('caf\u00e9');\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        ScriptException e = assertThrows(ScriptException.class, () -> ScriptLoader.loadDirectory(versions));
        assertEquals(file, e.file());
        assertEquals(4, e.line());
        assertTrue(e.problem().contains("not valid UTF-8"), e.getMessage());
        assertTrue(e.hint().contains("UTF-8"), e.getMessage());
    }

    @Test
    void loadFileReadsUtf8WithBom() throws IOException {
        Path file = dir.resolve("x.sql");
        Files.write(file, ("\uFEFF-- Caf\u00e9\n--\n" + minimal("-- migrate:upgrade\n").replace("abc", "x")).getBytes(StandardCharsets.UTF_8));
        SqlScript s = ScriptLoader.loadFile(file);
        assertEquals("Caf\u00e9", s.message());
        assertEquals(file, s.path());
        assertEquals(ScriptLoader.checksum(ScriptLoader.normalise(Files.readString(file))), s.checksum());
    }

    @Test
    void loadFileOfAMissingFile() {
        ScriptException e = assertThrows(ScriptException.class, () -> ScriptLoader.loadFile(dir.resolve("nope.sql")));
        assertEquals(dir.resolve("nope.sql"), e.file());
    }

    @Test
    void recordsAreImmutable() {
        SqlScript s = parse(EXAMPLE);
        assertThrows(UnsupportedOperationException.class, () -> s.revises().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> s.upgrade().flags().add("x"));
    }

    /**
     * The hand-written line tests agree with the regular expressions they replace, on every line of up to six
     * characters drawn from the ones that matter (whitespace {@code \s} matches and does not, dashes, the letters of
     * {@code migrate:} in both cases, Unicode letters that fold to them, line terminators {@code .} refuses), and on
     * a hundred thousand longer random ones.
     */
    @Test
    void commentAndMarkerTestsMatchTheirRegularExpressions() {
        java.util.regex.Pattern comment = java.util.regex.Pattern.compile("^\\s*--.*");
        java.util.regex.Pattern marker = java.util.regex.Pattern.compile("(?i)^\\s*--\\s*migrate:.*");
        String alphabet = " \t\u000B\f\u00A0-mMiIgGrRaAtTeE:\u0131\u0130x\u0085\u2028\u2029";
        java.util.Random random = new java.util.Random(42);
        List<String> lines = new java.util.ArrayList<>(List.of("", "--", " --", "-- migrate:upgrade", "--migrate:x",
                "  --  MIGRATE:downgrade", "-- m\u0131grate:upgrade", "-- migrate:up\u2028", "\u00A0-- x", "- -", "--\u0085"));
        for (int i = 0; i < 100_000; i++) {
            StringBuilder b = new StringBuilder();
            if (random.nextBoolean()) b.append(random.nextBoolean() ? "--" : " -- ").append(random.nextBoolean() ? "migrate:" : "MiGrAtE:");
            int n = random.nextInt(7);
            for (int k = 0; k < n; k++) b.insert(random.nextInt(b.length() + 1), alphabet.charAt(random.nextInt(alphabet.length())));
            lines.add(b.toString());
        }
        int comments = 0, markers = 0;
        for (String line : lines) {
            boolean c = comment.matcher(line).matches(), m = marker.matcher(line).matches();
            assertEquals(c, ScriptLoader.isComment(line), () -> "comment: " + escape(line));
            assertEquals(m, ScriptLoader.isMarker(line), () -> "marker: " + escape(line));
            if (c) comments++;
            if (m) markers++;
        }
        assertTrue(comments > 5_000 && markers > 5_000, "both kinds are well represented: " + comments + ", " + markers);
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) b.append(ch < 0x20 || ch > 0x7e ? String.format("\\u%04X", (int) ch) : String.valueOf(ch));
        return b.toString();
    }
}
