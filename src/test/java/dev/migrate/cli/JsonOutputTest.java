package dev.migrate.cli;

import dev.migrate.core.Project;
import dev.migrate.support.Cli;
import dev.migrate.support.CliTestBase;
import dev.migrate.support.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --format json} through the real command line, against a real PostgreSQL database and a real SQLite file:
 * standard output is exactly one document, read back with a strict reader and checked against the database.
 */
class JsonOutputTest extends CliTestBase {

    final Instant testStart = Instant.now().minusSeconds(1);

    /** Runs a command with {@code --format json}; standard output must be one document, and nothing but it. */
    Map<String, Object> json(int exitCode, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--format", "json"));
        Cli.Result r = cli.run(all.toArray(String[]::new));
        assertEquals(exitCode, r.code(), r::toString);
        assertTrue(r.out().endsWith("}\n"), r::toString);
        Map<String, Object> doc = map(JsonReader.parse(r.out()));
        assertEquals(1L, doc.get("format"), r::toString);
        last = r;
        return doc;
    }

    Map<String, Object> json(String... args) {
        Map<String, Object> doc = json(0, args);
        assertEquals(args[0], doc.get("command"));
        return doc;
    }

    /** The result of the last {@link #json} call, for its standard error. */
    Cli.Result last;

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertTrue(o instanceof Map, () -> "an object: " + o);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        assertTrue(o instanceof List, () -> "an array: " + o);
        return (List<Object>) o;
    }

    static List<Map<String, Object>> objects(Object o) {
        return list(o).stream().map(JsonOutputTest::map).toList();
    }

    static List<String> ids(Object revisionsOrSteps) {
        return objects(revisionsOrSteps).stream().map(r -> (String) r.get("revision")).toList();
    }

    static Map<String, Object> only(Object array) {
        List<Map<String, Object>> all = objects(array);
        assertEquals(1, all.size(), () -> "one element: " + all);
        return all.get(0);
    }

    String file(String id) {
        return "migrations/versions/" + id + ".sql";
    }

    /** What the text output calls the database ({@code current --verbose}): the JSON must say the same. */
    String databaseDescription() {
        String first = cli.run("current", "--verbose").out().lines().findFirst().orElseThrow();
        assertTrue(first.startsWith("Current revision(s) for "), first);
        return first.substring("Current revision(s) for ".length(), first.length() - 1);
    }

    /** An audit record written by this test run: a time within it and this OS user. */
    void assertWrittenNow(Map<String, Object> audit) {
        Instant at = Instant.parse((String) audit.get("at"));
        assertFalse(at.isBefore(testStart) || at.isAfter(Instant.now().plusSeconds(1)), () -> "at: " + audit);
        assertEquals(System.getProperty("user.name"), audit.get("os_user"), audit::toString);
        assertFalse(((String) audit.get("host")).isBlank(), audit::toString);
        assertFalse(((String) audit.get("tool_version")).isBlank(), audit::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void upgradeDowngradeAndStampReportWhatRan(String kind) throws Exception {
        setUp(kind);
        diamond();
        Map<String, Object> up = json("upgrade", "c3");
        assertFalse(last.out().contains("Running"), "progress is not on standard output: " + last);
        assertTrue(last.err().contains("Running upgrade  -> a1, revision a1 ..."), last::toString);
        assertTrue(last.err().contains("Applied 3 revisions"), last::toString);
        assertEquals(databaseDescription(), up.get("database"));
        assertEquals(List.of(), up.get("heads_before"));
        assertEquals(List.of("c3"), up.get("heads_after"));
        assertEquals(db.versions(), up.get("heads_after"));
        List<Map<String, Object>> steps = objects(up.get("steps"));
        assertEquals(List.of("a1", "b2", "c3"), ids(steps));
        assertEquals(Map.of("revision", "b2", "kind", "upgrade", "from", List.of("a1"), "to", List.of("b2"),
                "message", "revision b2", "file", file("b2"), "duration_ms", steps.get(1).get("duration_ms")), steps.get(1));
        assertEquals(List.of(), steps.get(0).get("from"));
        // each step's duration is the one in the audit log, and the total covers them
        List<String> audited = db.query("SELECT revision, duration_ms FROM migrate_version_audit ORDER BY id");
        assertEquals(audited, steps.stream().map(s -> s.get("revision") + "|" + s.get("duration_ms")).toList());
        long total = (Long) up.get("duration_ms");
        assertTrue(steps.stream().mapToLong(s -> (Long) s.get("duration_ms")).sum() <= total, up::toString);
        for (Map<String, Object> s : steps) assertTrue(Files.exists(dir.resolve((String) s.get("file"))), s::toString);

        Map<String, Object> rest = json("upgrade", "heads");
        assertEquals(List.of("c3"), rest.get("heads_before"));
        assertEquals(List.of("e5"), rest.get("heads_after"));
        assertEquals(List.of("d4", "e5"), ids(rest.get("steps")));
        Map<String, Object> merge = objects(rest.get("steps")).get(1);
        assertEquals(List.of("c3", "d4"), merge.get("from"));
        assertEquals(List.of("e5"), merge.get("to"));

        Map<String, Object> nothing = json("upgrade", "heads");
        assertEquals(List.of(), nothing.get("steps"));
        assertEquals(List.of("e5"), nothing.get("heads_before"));
        assertEquals(List.of("e5"), nothing.get("heads_after"));
        assertTrue(last.err().contains("Nothing to do"), last::toString);

        Map<String, Object> down = json("downgrade", "b2");
        assertEquals(db.versions(), down.get("heads_after"));
        assertEquals(List.of("b2"), down.get("heads_after"));
        List<Map<String, Object>> back = objects(down.get("steps"));
        assertEquals("e5", back.get(0).get("revision"));
        assertEquals(Set.of("e5", "c3", "d4"), Set.copyOf(ids(back)));
        for (Map<String, Object> s : back) {
            assertEquals("downgrade", s.get("kind"), s::toString);
            assertEquals(List.of(s.get("revision")), s.get("from"), s::toString);
        }
        assertEquals(List.of("c3", "d4"), back.get(0).get("to"));

        Map<String, Object> stamp = json("stamp", "e5");
        assertEquals(List.of("e5"), db.versions());
        assertFalse(db.tables().contains("t_c"), "stamp runs no script");
        assertEquals(List.of("b2"), stamp.get("heads_before"));
        assertEquals(List.of("e5"), stamp.get("heads_after"));
        Map<String, Object> step = only(stamp.get("steps"));
        assertEquals("stamp", step.get("kind"));
        assertTrue(step.containsKey("revision") && step.get("revision") == null, step::toString);
        assertNull(step.get("file"));
        assertNull(step.get("message"));
        assertEquals(List.of("b2"), step.get("from"));
        assertEquals(List.of("e5"), step.get("to"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void currentHistoryHeadsAndShowDescribeTheRevisions(String kind) throws Exception {
        setUp(kind);
        diamond();
        assertEquals(0, cli.run("upgrade", "c3").code());

        Map<String, Object> current = json("current");
        assertEquals(db.versions(), current.get("heads"));
        assertEquals(databaseDescription(), current.get("database"));
        Map<String, Object> c3 = only(current.get("revisions"));
        assertEquals("c3", c3.get("revision"));
        assertEquals("revision c3", c3.get("message"));
        assertEquals(List.of("b2"), c3.get("down_revisions"));
        assertEquals(List.of(), c3.get("depends_on"));
        assertEquals(List.of("left"), c3.get("branch_labels"));
        assertEquals(List.of("e5"), c3.get("children"));
        assertEquals(List.of(false, false, false, false),
                List.of(c3.get("is_head"), c3.get("is_base"), c3.get("is_branch_point"), c3.get("is_merge_point")));
        assertEquals(file("c3"), c3.get("file"));
        for (String category : List.of("unknown", "changed", "partial")) assertEquals(List.of(), current.get(category), category);

        Map<String, Object> history = json("history");
        List<String> textOrder = cli.run("history").out().lines().map(l -> l.replaceAll("^.*-> (\\w+).*$", "$1")).toList();
        assertEquals(List.of("e5", "c3", "d4", "b2", "a1"), ids(history.get("revisions")));
        assertEquals(textOrder, ids(history.get("revisions")));
        assertTrue(history.containsKey("heads") && history.get("heads") == null, "the database was not read");
        assertNull(history.get("range"));
        Map<String, Map<String, Object>> byId = new java.util.HashMap<>();
        for (Map<String, Object> r : objects(history.get("revisions"))) byId.put((String) r.get("revision"), r);
        assertEquals(true, byId.get("e5").get("is_head"));
        assertEquals(true, byId.get("e5").get("is_merge_point"));
        assertEquals(List.of("c3", "d4"), byId.get("e5").get("down_revisions"));
        assertEquals(true, byId.get("b2").get("is_branch_point"));
        assertEquals(List.of("c3", "d4"), byId.get("b2").get("children"));
        assertEquals(true, byId.get("a1").get("is_base"));
        assertEquals(false, byId.get("b2").get("is_base"));

        Map<String, Object> range = json("history", "-i", "-r", "b2:current");
        assertEquals("b2:current", range.get("range"));
        assertEquals(List.of("c3"), range.get("heads"));
        assertEquals(List.of("c3", "b2"), ids(range.get("revisions")));

        Map<String, Object> heads = json("heads");
        Cli.Result before = cli.run("--format", "json", "heads");
        assertEquals(heads, JsonReader.parse(before.out()), "the option works before the command too");
        assertEquals(List.of("e5"), ids(heads.get("revisions")));
        assertEquals(List.of("left"), only(heads.get("revisions")).get("branch_labels"));

        Map<String, Object> show = json("show", "d4");
        assertEquals("d4", show.get("target"));
        Map<String, Object> d4 = only(show.get("revisions"));
        assertEquals(List.of("d4", "revision d4", file("d4")), List.of(d4.get("revision"), d4.get("message"), d4.get("file")));
        assertEquals(List.of("c3"), ids(json("show", "current").get("revisions")));
        assertEquals(List.of("e5"), ids(json("show", "heads").get("revisions")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void revisionAndMergeDescribeTheScriptTheyWrote(String kind) throws Exception {
        setUp(kind);
        scripts.add("a1", "", "CREATE TABLE t_a (id INTEGER);", "DROP TABLE t_a;");
        Map<String, Object> first = json("revision", "-m", "Add a column");
        assertEquals(List.of("format", "command", "file", "revision"), List.copyOf(first.keySet()));
        assertFalse(last.out().contains("Generating"), "standard output is the document alone: " + last);
        String file = (String) first.get("file");
        assertTrue(last.err().contains("Generating " + file + " ... done"), last::toString);
        assertTrue(file.startsWith("migrations/versions/") && Files.exists(dir.resolve(file)), first::toString);
        Map<String, Object> b = map(first.get("revision"));
        String bId = (String) b.get("revision");
        assertTrue(Files.readString(dir.resolve(file)).contains("Revision ID: " + bId), first::toString);
        assertEquals(file, b.get("file"));
        assertEquals("Add a column", b.get("message"));
        assertEquals(List.of("a1"), b.get("down_revisions"), "the previous head");
        assertEquals(List.of(true, false), List.of(b.get("is_head"), b.get("is_base")));
        assertEquals(List.of(bId), ids(json("heads").get("revisions")), "the scripts now end with it");

        Map<String, Object> spliced = json("revision", "-m", "Another branch", "--head", "a1", "--splice",
                "--rev-id", "c3", "--branch-label", "side");
        Map<String, Object> c3 = map(spliced.get("revision"));
        assertEquals(List.of("c3", List.of("a1"), List.of("side"), "migrations/versions/c3_another_branch.sql"),
                List.of(c3.get("revision"), c3.get("down_revisions"), c3.get("branch_labels"), c3.get("file")));

        Map<String, Object> merge = json("merge", "heads", "-m", "Join them", "--rev-id", "m9");
        assertEquals("merge", merge.get("command"));
        assertFalse(last.out().contains("Generating"), last::toString);
        Map<String, Object> m9 = map(merge.get("revision"));
        assertEquals(merge.get("file"), m9.get("file"));
        assertTrue(Files.exists(dir.resolve((String) merge.get("file"))), merge::toString);
        assertEquals("m9", m9.get("revision"));
        assertEquals(Set.of(bId, "c3"), Set.copyOf(list(m9.get("down_revisions"))));
        assertEquals(2, list(m9.get("down_revisions")).size(), m9::toString);
        assertEquals(List.of(true, true), List.of(m9.get("is_merge_point"), m9.get("is_head")));
        assertEquals(List.of("side"), m9.get("branch_labels"), "inherited from c3");

        // the scripts are what the documents say: they run
        List<String> ran = ids(json("upgrade", "heads").get("steps"));
        assertEquals(Set.of("a1", bId, "c3", "m9"), Set.copyOf(ran));
        assertEquals("m9", ran.get(ran.size() - 1));
        assertEquals(List.of("m9"), db.versions());

        // an error is still an error document, and nothing is written
        long before;
        try (var files = Files.list(dir.resolve("migrations/versions"))) {
            before = files.count();
        }
        Map<String, Object> error = map(json(ExitCode.REVISION, "revision", "-m", "x", "--head", "nosuch").get("error"));
        assertEquals("revision", error.get("kind"));
        assertEquals("nosuch", error.get("argument"));
        assertFalse(last.out().contains("Generating") || last.err().contains("Generating"), last::toString);
        try (var files = Files.list(dir.resolve("migrations/versions"))) {
            assertEquals(before, files.count(), "no script was written");
        }
        Map<String, Object> nothing = map(json(ExitCode.REVISION, "merge", "m9", "-m", "x").get("error"));
        assertTrue(((String) nothing.get("message")).startsWith("Nothing to merge"), nothing::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void branchesListsTheBranchPointsAsTheTextDoes(String kind) throws Exception {
        setUp(kind);
        diamond();
        scripts.add("f6", "a1", "CREATE TABLE t_f (id INTEGER);", "DROP TABLE t_f;");
        Map<String, Object> branches = json("branches");
        assertEquals(List.of("format", "command", "revisions"), List.copyOf(branches.keySet()));
        List<String> textOrder = cli.run("branches").out().lines().filter(l -> !l.isBlank() && !l.startsWith(" "))
                .map(l -> l.replaceAll("^(\\w+).*$", "$1")).toList();
        assertEquals(List.of("b2", "a1"), ids(branches.get("revisions")), "newest first, as history");
        assertEquals(textOrder, ids(branches.get("revisions")));
        Map<String, Object> b2 = objects(branches.get("revisions")).get(0);
        assertEquals(List.of("c3", "d4"), b2.get("children"));
        assertEquals(true, b2.get("is_branch_point"));
        assertEquals(file("b2"), b2.get("file"));
        assertEquals(Set.of("b2", "f6"), Set.copyOf(list(objects(branches.get("revisions")).get(1).get("children"))));
        assertEquals(List.of(), db.tables(), "branches needs no database");

        Files.delete(dir.resolve(file("f6")));
        Files.delete(dir.resolve(file("e5")));
        Files.delete(dir.resolve(file("d4")));
        assertEquals(List.of(), json("branches").get("revisions"), "a graph without branch points");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void acceptListsWhatItAccepted(String kind) throws Exception {
        setUp(kind);
        Path r1 = scripts.add("r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
        Path r2 = scripts.add("r2", "r1", "CREATE TABLE t2 (id INTEGER);", "DROP TABLE t2;");
        assertEquals(0, cli.run("upgrade", "head").code());
        Map<String, Object> none = json("accept");
        assertEquals(List.of("format", "command", "database", "accepted"), List.copyOf(none.keySet()));
        assertEquals(databaseDescription(), none.get("database"));
        assertEquals(List.of(), none.get("accepted"));
        assertTrue(last.err().contains("No changed scripts to accept."), last::toString);

        Files.writeString(r2, Files.readString(r2) + "-- edited after it was applied\n");
        Files.writeString(r1, Files.readString(r1) + "-- this one too\n");
        assertEquals(List.of("r1", "r2"), ids(json("current").get("changed")).stream().sorted().toList());
        Map<String, Object> accepted = json("accept", "r2");
        assertEquals(List.of("r2"), accepted.get("accepted"));
        assertFalse(last.out().contains("Accepted"), "standard output is the document alone: " + last);
        assertTrue(last.err().contains("Accepted the current content of r2"), last::toString);
        assertEquals(List.of("r1"), ids(json("current").get("changed")));

        Map<String, Object> rest = json("accept");
        assertEquals(List.of("r1"), rest.get("accepted"));
        Map<String, Object> current = json("current");
        for (String category : List.of("unknown", "changed", "partial")) assertEquals(List.of(), current.get(category), category);
        assertEquals(true, json("check").get("ok"));
    }

    @Test
    void initReportsWhatItCreated() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("new-project"));
        cli = new Cli(empty);
        Map<String, Object> init = json("init");
        assertEquals(List.of("format", "command", "directory", "versions", "config", "config_created"), List.copyOf(init.keySet()));
        assertEquals(List.of("migrations", "migrations/versions", "migrate.yaml", true),
                List.of(init.get("directory"), init.get("versions"), init.get("config"), init.get("config_created")));
        assertFalse(last.out().contains("Created"), "standard output is the document alone: " + last);
        assertTrue(last.err().contains("Created migrate.yaml"), last::toString);
        assertTrue(Files.isDirectory(empty.resolve("migrations/versions")));
        String config = Files.readString(empty.resolve("migrate.yaml"));

        Map<String, Object> again = json("init", "db");
        assertEquals(List.of("db", "db/versions", "migrate.yaml", false),
                List.of(again.get("directory"), again.get("versions"), again.get("config"), again.get("config_created")));
        assertEquals(config, Files.readString(empty.resolve("migrate.yaml")), "left alone");
        assertTrue(Files.isDirectory(empty.resolve("db/versions")));

        Files.writeString(empty.resolve("db/versions/x.sql"), "");
        Map<String, Object> error = map(json(ExitCode.CONFIG, "init", "db").get("error"));
        assertEquals("config", error.get("kind"));
        assertTrue(((String) error.get("problem")).contains("already exists"), error::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void messagesWithQuotesControlCharactersAndEmojiSurviveTheRoundTrip(String kind) throws Exception {
        setUp(kind);
        String message = "Add \"naïve\" C:\\path column \u65e5\u672c \ud83d\ude80";
        scripts.write("m1.sql", "-- " + message + "\n--\n-- Revision ID: m1\n-- Revises:\n\n-- migrate:upgrade\nSELECT 1;\n");
        Cli.Result r = cli.run("show", "m1", "--format", "json");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().chars().allMatch(c -> c < 0x7f), "pure ASCII: " + r.out());
        assertTrue(r.out().contains("\\ud83d\\ude80"), r.out());
        assertEquals(message, only(map(JsonReader.parse(r.out())).get("revisions")).get("message"));
        Map<String, Object> up = json("upgrade", "m1");
        assertEquals(message, only(up.get("steps")).get("message"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void checkIsOkOnAnUpToDateDatabase(String kind) throws Exception {
        setUp(kind);
        scripts.add("r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
        scripts.add("r2", "r1", "CREATE TABLE t2 (id INTEGER);", "DROP TABLE t2;");
        Map<String, Object> pending = json(ExitCode.CHECK_FAILED, "check");
        assertEquals(false, pending.get("ok"));
        assertEquals(List.of("r1", "r2"), ids(pending.get("pending")));
        assertEquals(List.of(), pending.get("heads"));
        assertEquals(List.of(), db.tables(), "check creates nothing");

        assertEquals(0, cli.run("upgrade", "head").code());
        Map<String, Object> ok = json("check");
        assertEquals(true, ok.get("ok"));
        assertEquals(databaseDescription(), ok.get("database"));
        assertEquals(List.of("r2"), ok.get("heads"));
        assertEquals(List.of("r2"), ok.get("script_heads"));
        assertEquals(false, ok.get("several_heads"));
        for (String category : List.of("pending", "unknown", "changed", "partial")) assertEquals(List.of(), ok.get(category), category);
    }

    /**
     * Every category of {@code check} at once: a pending revision (d4), two heads (c3, d4), a changed script (a1),
     * a revision the scripts no longer define (x9, applied on top of c3), and a revision a process died in (d4).
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void checkReportsEachCategorySeparately(String kind) throws Exception {
        setUp(kind);
        Path a1 = scripts.add("a1", "", "CREATE TABLE t_a (id INTEGER);", "DROP TABLE t_a;");
        scripts.add("b2", "a1", "CREATE TABLE t_b (id INTEGER);", "DROP TABLE t_b;");
        scripts.add("c3", "a1", "CREATE TABLE t_c (id INTEGER);", "DROP TABLE t_c;");
        Path x9 = scripts.add("x9", "c3", "CREATE TABLE t_x (id INTEGER);", "DROP TABLE t_x;");
        assertEquals(0, cli.run("upgrade", "b2").code());
        assertEquals(0, cli.run("upgrade", "x9").code());
        assertEquals(List.of("b2", "x9"), db.versions());
        String recorded = db.query("SELECT checksum FROM migrate_version_audit WHERE revision = 'a1'").get(0);
        String dbUser = db.query("SELECT db_user FROM migrate_version_audit WHERE revision = 'a1'").get(0);

        Files.delete(x9);                                                  // the database is ahead of the code
        Files.writeString(a1, Files.readString(a1) + "-- edited after it was applied\n");     // a changed script
        scripts.add("d4", "b2", "CREATE INDEX i_b ON t_b (id);", "DROP INDEX i_b;");     // pending, a second head
        String statement = "CREATE INDEX i_b ON t_b (id)";                  // a process died running d4
        try (var c = db.connect(); var st = c.createStatement()) {
            st.executeUpdate("INSERT INTO migrate_version_audit (revision, kind, heads_before, heads_after, checksum, db_user, "
                    + "os_user, host, tool_version, started_at, duration_ms, status, error, statement) SELECT 'd4', 'upgrade', "
                    + "heads_after, heads_after, NULL, db_user, os_user, host, tool_version, started_at, 0, 'running', NULL, '"
                    + statement + "' FROM migrate_version_audit WHERE revision = 'b2'");
        }
        String current = Project.load(dir.resolve("migrations")).script("a1").checksum();
        assertFalse(current.equals(recorded));

        Map<String, Object> check = json(ExitCode.CHECK_FAILED, "check");
        assertEquals("check", check.get("command"));
        assertEquals(false, check.get("ok"));
        assertEquals(db.versions(), check.get("heads"));
        assertEquals(Set.of("c3", "d4"), Set.copyOf(list(check.get("script_heads"))));
        assertEquals(true, check.get("several_heads"));

        Map<String, Object> pending = only(check.get("pending"));
        assertEquals(List.of("d4", "upgrade", List.of("b2"), List.of("d4"), file("d4")),
                List.of(pending.get("revision"), pending.get("kind"), pending.get("from"), pending.get("to"), pending.get("file")));
        assertFalse(pending.containsKey("duration_ms"), "a pending step has not run");

        Map<String, Object> changed = only(check.get("changed"));
        assertEquals("a1", changed.get("revision"));
        assertEquals(file("a1"), changed.get("file"));
        assertEquals(recorded, changed.get("recorded_checksum"));
        assertEquals(current, changed.get("current_checksum"));
        Map<String, Object> applied = map(changed.get("applied"));
        assertWrittenNow(applied);
        assertEquals(dbUser, String.valueOf(applied.get("database_user")));

        Map<String, Object> unknown = only(check.get("unknown"));
        assertEquals("x9", unknown.get("revision"));
        assertEquals(List.of("c3"), unknown.get("known_ancestors"));
        assertWrittenNow(map(unknown.get("applied")));

        Map<String, Object> partial = only(check.get("partial"));
        assertEquals(List.of("d4", file("d4"), "upgrade", "running", statement),
                List.of(partial.get("revision"), partial.get("file"), partial.get("kind"), partial.get("status"), partial.get("statement")));
        assertTrue(partial.containsKey("error") && partial.get("error") == null, partial::toString);
        assertWrittenNow(map(partial.get("started")));

        // current shows the same state, and its warnings stay on standard error
        Map<String, Object> now = json("current");
        assertEquals(List.of("b2", "x9"), now.get("heads"));
        assertEquals(List.of("b2"), ids(now.get("revisions")));
        assertEquals(check.get("unknown"), now.get("unknown"));
        assertEquals(check.get("changed"), now.get("changed"));
        assertEquals(check.get("partial"), now.get("partial"));
        assertTrue(last.err().contains("WARNING"), last::toString);

        // and upgrade refuses it, with the same state in its error object
        Map<String, Object> refused = json(ExitCode.PARTIAL_REVISION, "upgrade", "heads");
        Map<String, Object> error = map(refused.get("error"));
        assertEquals(ExitCode.PARTIAL_REVISION, ((Long) error.get("code")).intValue());
        assertEquals("partial_revision", error.get("kind"));
        assertEquals("partial_revision", error.get("reason"));
        assertEquals(check.get("partial"), error.get("partial"));
        assertEquals(check.get("unknown"), error.get("unknown"));
        assertEquals(List.of("b2", "x9"), db.versions(), "nothing was changed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void aFailedMigrationIsAJsonErrorAndAFailedLine(String kind) throws Exception {
        setUp(kind);
        scripts.add("r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
        scripts.add("r2", "r1", "CREATE TABLE t2 (id INTEGER);\nINSERT INTO no_such_table VALUES (1);", "DROP TABLE t2;");
        Map<String, Object> doc = json(ExitCode.MIGRATION_FAILED, "upgrade", "head");
        assertEquals(List.of("format", "command", "error"), List.copyOf(doc.keySet()));
        assertEquals("upgrade", doc.get("command"));
        List<String> failed = last.err().lines().filter(l -> l.startsWith("FAILED: ")).toList();
        assertEquals(1, failed.size(), last::toString);
        assertFalse(last.out().contains("Running"), last::toString);
        assertTrue(last.err().contains("Running upgrade r1 -> r2, revision r2 ... FAILED after"), last::toString);

        Map<String, Object> error = map(doc.get("error"));
        assertEquals(8L, error.get("code"));
        assertEquals("migration_failed", error.get("kind"));
        String message = (String) error.get("message");
        assertTrue(last.err().contains("FAILED: " + message), "the message is the FAILED text: " + last);
        assertEquals("r2", error.get("revision"));
        assertEquals("upgrade", error.get("direction"));
        assertEquals(file("r2"), error.get("file"));
        assertEquals(9L, error.get("line"));
        assertTrue(message.contains("r2.sql:9"), message);
        assertEquals("INSERT INTO no_such_table VALUES (1)", String.valueOf(error.get("statement")).strip().replaceAll(";$", ""));
        assertTrue(((String) error.get("database_message")).contains("no_such_table"), error::toString);
        if (kind.equals("postgresql")) assertEquals("42P01", error.get("sqlstate"));
        assertEquals(List.of("r1"), error.get("heads"));
        assertEquals(db.versions(), error.get("heads"));
        assertEquals(false, error.get("partial"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void usageAndConfigurationErrorsAreJsonToo(String kind) throws Exception {
        setUp(kind);
        scripts.add("r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
        Map<String, Object> missing = map(json(ExitCode.USAGE, "upgrade").get("error"));
        assertEquals("usage", missing.get("kind"));
        assertTrue(((String) missing.get("message")).contains("TARGET"), missing::toString);

        Map<String, Object> completion = map(json(ExitCode.USAGE, "completion", "bash").get("error"));
        assertTrue(((String) completion.get("message")).contains("`completion` has no --format json output"), completion::toString);
        Map<String, Object> sql = map(json(ExitCode.USAGE, "upgrade", "head", "--sql").get("error"));
        assertTrue(((String) sql.get("message")).contains("--sql"), sql::toString);
        assertEquals(List.of(), db.tables(), "nothing ran");

        Cli.Result xml = cli.run("current", "--format", "xml");
        assertEquals(ExitCode.USAGE, xml.code(), xml::toString);
        assertEquals("", xml.out(), "no format was chosen, so no document");
        assertTrue(xml.err().contains("'xml' is not one of text, json"), xml::toString);

        Files.writeString(dir.resolve("migrate.yaml"), "version_table: v\nscript_locaton: migrations\n");
        Map<String, Object> config = json(ExitCode.CONFIG, "current");
        Map<String, Object> error = map(config.get("error"));
        assertEquals(List.of("config", "migrate.yaml", 2L, "script_locaton"),
                List.of(error.get("kind"), error.get("file"), error.get("line"), error.get("key")));
        assertTrue(((String) error.get("hint")).contains("script_location"), error::toString);
        assertEquals(1, last.err().lines().filter(l -> l.startsWith("FAILED: ")).count(), last::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql"})
    void thePasswordIsInNoDocument(String kind) throws Exception {
        setUp(kind);
        String password = dev.migrate.config.DatabaseUrl.parse(db.url(), dir).password();
        String url = db.url();
        if (password == null || password.isEmpty()) {
            password = "pw-json-never-shown"; // the test server trusts local connections: any password works
            url = url.replaceFirst("://([^:@/]+)@", "://$1:" + password + "@");
        }
        assertTrue(url.contains(password), url);
        cli = new Cli(dir).env("DATABASE_URL", url);
        scripts.add("r1", "", "CREATE TABLE t1 (id INTEGER);", "DROP TABLE t1;");
        scripts.add("r2", "r1", "SELECT * FROM nowhere;", "");
        List<Map<String, Object>> docs = new ArrayList<>();
        for (List<String> args : List.of(List.of("0", "upgrade", "r1"), List.of("0", "current"), List.of("9", "check"),
                List.of("8", "upgrade", "r2"), List.of("0", "stamp", "base"))) {
            docs.add(json(Integer.parseInt(args.get(0)), args.subList(1, args.size()).toArray(String[]::new)));
            assertFalse(last.all().contains(password), last::toString);
        }
        for (int i : List.of(0, 1, 2, 4)) {
            assertTrue(((String) docs.get(i).get("database")).contains("***"), docs.get(i)::toString);
        }

        Cli.Result unreachable = new Cli(dir).env("DATABASE_URL", "postgres://u:topsecret@127.0.0.1:1/x?connectTimeout=2")
                .run("current", "--format", "json");
        assertEquals(ExitCode.DATABASE, unreachable.code(), unreachable::toString);
        assertFalse(unreachable.all().contains("topsecret"), unreachable::toString);
        Map<String, Object> error = map(map(JsonReader.parse(unreachable.out())).get("error"));
        assertEquals("database", error.get("kind"));
        assertTrue(((String) error.get("database")).contains("***"), error::toString);
    }
}
