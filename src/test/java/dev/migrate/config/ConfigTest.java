package dev.migrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("migrate.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    private Config load(String yaml) throws IOException {
        return Config.load(write(yaml), Map.of());
    }

    private ConfigException fails(String yaml) throws IOException {
        return fails(yaml, Map.of());
    }

    private ConfigException fails(String yaml, Map<String, String> env) throws IOException {
        Path file = write(yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> Config.load(file, env));
        assertEquals(file, e.file(), "names the file");
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), () -> "one line: " + e.getMessage());
        return e;
    }

    // --- defaults --------------------------------------------------------------------------------

    @Test
    void defaultsForADirectory() {
        Config c = Config.defaults(dir);
        assertNull(c.file());
        assertEquals(dir.toAbsolutePath().normalize().resolve("migrations"), c.scriptLocation());
        assertEquals(dir.toAbsolutePath().normalize().resolve("migrations/versions"), c.versionsDirectory());
        assertNull(c.url());
        assertEquals("migrate_version", c.versionTable());
        assertEquals("migrate_version_audit", c.auditTable());
        assertEquals(Duration.ofSeconds(60), c.lockWait());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n\n", "# only a comment\n", "---\n", "~\n", "\uFEFF"})
    void emptyFileMeansAllDefaults(String yaml) throws IOException {
        Path file = write(yaml);
        Config c = Config.load(file, Map.of());
        assertEquals(file, c.file());
        assertEquals(dir.resolve("migrations"), c.scriptLocation());
        assertEquals("migrate_version", c.versionTable());
        assertEquals("migrate_version_audit", c.auditTable());
        assertEquals(Duration.ofSeconds(60), c.lockWait());
        assertNull(c.url());
    }

    @Test
    void readsEveryKey() throws IOException {
        Config c = load("""
                script_location: db/scripts
                url: postgres://app@db/prod
                version_table: schema_history
                version_table_schema: app
                lock_wait: 30s
                audit_table: history_log
                """);
        assertEquals(dir.resolve("db/scripts"), c.scriptLocation());
        assertEquals("postgres://app@db/prod", c.url());
        assertEquals("app.schema_history", c.versionTable());
        assertEquals("app.history_log", c.auditTable(), "an unqualified audit table lives in the version table's schema");
        assertEquals(Duration.ofSeconds(30), c.lockWait());
    }

    @Test
    void scriptLocationIsRelativeToTheConfigFileNotTheWorkingDirectory() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("conf"));
        Path file = sub.resolve("migrate.yaml");
        Files.writeString(file, "script_location: ../db\n");
        assertEquals(dir.resolve("db"), Config.load(file, Map.of()).scriptLocation());
    }

    @Test
    void absoluteScriptLocationIsKept() throws IOException {
        Path elsewhere = dir.resolve("x/../elsewhere").toAbsolutePath();
        assertEquals(dir.resolve("elsewhere"), load("script_location: " + elsewhere + "\n").scriptLocation());
    }

    @Test
    void numericLookingScalarIsTakenAsWritten() throws IOException {
        assertEquals(dir.resolve("2024"), load("script_location: 2024\n").scriptLocation());
    }

    @Test
    void keyWithoutValueMeansDefault() throws IOException {
        Config c = load("script_location:\nurl: ~\nversion_table:\nlock_wait:\n");
        assertEquals(dir.resolve("migrations"), c.scriptLocation());
        assertNull(c.url());
        assertEquals("migrate_version", c.versionTable());
        assertEquals(Duration.ofSeconds(60), c.lockWait());
    }

    @Test
    void qualifiedVersionTableGivesTheAuditTableItsSchema() throws IOException {
        Config c = load("version_table: app.migrate_version\n");
        assertEquals("app.migrate_version", c.versionTable());
        assertEquals("app.migrate_version_audit", c.auditTable());
    }

    @Test
    void qualifiedAuditTableKeepsItsOwnSchema() throws IOException {
        Config c = load("version_table_schema: app\naudit_table: audit.log\n");
        assertEquals("app.migrate_version", c.versionTable());
        assertEquals("audit.log", c.auditTable());
    }

    // --- lock_wait ------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "30s      | PT30S",
            "2m       | PT2M",
            "500ms    | PT0.5S",
            "0        | PT0S",
            "45       | PT45S",
            "1.5      | PT1.5S",
            "1.5s     | PT1.5S",
            "1h       | PT1H",
            "10 S     | PT10S",
            "PT1M30S  | PT1M30S",
            "'15s'    | PT15S"})
    void parsesLockTimeouts(String yaml, String expected) throws IOException {
        assertEquals(Duration.parse(expected), load("lock_wait: " + yaml + "\n").lockWait());
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "-5s", "5 minutes", "1:30", "true", "PT-5S", "10d", "P", "99999999999999h"})
    void rejectsBadLockTimeouts(String value) throws IOException {
        ConfigException e = fails("url: x\nlock_wait: " + value + "\n");
        assertEquals("lock_wait", e.key());
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("30s") || e.getMessage().contains("shorter") || e.getMessage().contains("100 years"),
                e.getMessage());
    }

    @Test
    void rejectsAListAsLockTimeout() throws IOException {
        ConfigException e = fails("lock_wait: [1]\n");
        assertEquals("lock_wait", e.key());
        assertEquals(1, e.line());
        assertTrue(e.problem().contains("found a list"), e.getMessage());
        assertTrue(e.hint().contains("lock_wait: 30s"), e.hint());
    }

    // --- errors ----------------------------------------------------------------------------------

    @Test
    void unknownKeySuggestsTheClosest() throws IOException {
        ConfigException e = fails("url: x\nscript_locaton: db\n");
        assertEquals("script_locaton", e.key());
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("did you mean `script_location`?") || e.getMessage().contains("Did you mean `script_location`?"),
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"script-location, script_location", "Version_Table, version_table", "lockwait, lock_wait", "locktimeout, lock_timeout",
            "audit_tables, audit_table", "URL, url"})
    void suggestionsForCommonSlips(String written, String suggested) throws IOException {
        ConfigException e = fails(written + ": x\n");
        assertTrue(e.hint().startsWith("Did you mean `" + suggested + "`?"), e.hint());
    }

    @Test
    void unrelatedUnknownKeyListsKnownKeysWithoutGuessing() throws IOException {
        ConfigException e = fails("colour: blue\n");
        assertFalse(e.hint().contains("Did you mean"), e.hint());
        assertTrue(e.hint().contains("script_location, url, version_table"), e.hint());
    }

    @Test
    void duplicateKey() throws IOException {
        ConfigException e = fails("url: a\nversion_table: t\nurl: b\n");
        assertEquals("url", e.key());
        assertEquals(3, e.line());
        assertTrue(e.problem().contains("first given on line 1"), e.getMessage());
    }

    @Test
    void topLevelNotAMapping() throws IOException {
        ConfigException e = fails("- script_location: x\n");
        assertTrue(e.problem().contains("not a mapping"), e.getMessage());
        assertEquals(1, e.line());
    }

    @Test
    void topLevelScalar() throws IOException {
        ConfigException e = fails("just text\n");
        assertTrue(e.problem().contains("not a mapping"), e.getMessage());
    }

    @Test
    void invalidYamlGivesFileAndLine() throws IOException {
        ConfigException e = fails("url: x\nversion_table: [a\nlock_wait: 3s\n");
        assertTrue(e.problem().startsWith("invalid YAML"), e.getMessage());
        assertTrue(e.line() != null && e.line() >= 2, "line from snakeyaml's mark: " + e.line());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void invalidYamlOnTheUrlLineDoesNotQuoteThePassword() throws IOException {
        ConfigException e = fails("script_location: x\nurl: postgres://u:secret@h/db: x\n");
        assertEquals(2, e.line());
        assertTrue(e.problem().contains("invalid YAML"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void tabIndentationIsInvalidYaml() throws IOException {
        ConfigException e = fails("url: x\n\tversion_table: y\n");
        assertEquals(2, e.line());
    }

    @Test
    void multipleDocumentsAreRejected() throws IOException {
        ConfigException e = fails("url: a\n---\nurl: b\n");
        assertTrue(e.problem().contains("invalid YAML"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"12", "1abc", "migrate-version", "a.b.c", "\"app.\"", "\"with space\"", "tablé"})
    void invalidVersionTable(String value) throws IOException {
        ConfigException e = fails("version_table: " + value + "\n");
        assertEquals("version_table", e.key());
        assertEquals(1, e.line());
        assertTrue(e.hint().contains("app.migrate_version"), e.hint());
    }

    @Test
    void identifierLongerThanPostgresAllows() throws IOException {
        ConfigException e = fails("version_table: " + "t".repeat(64) + "\n");
        assertTrue(e.problem().contains("longer than 63"), e.getMessage());
    }

    @Test
    void invalidAuditTable() throws IOException {
        ConfigException e = fails("audit_table: 'bad name'\n");
        assertEquals("audit_table", e.key());
    }

    @Test
    void auditTableMustDifferFromVersionTable() throws IOException {
        ConfigException e = fails("version_table: t\naudit_table: T\n");
        assertEquals("audit_table", e.key());
        assertEquals(2, e.line());
    }

    @Test
    void schemaGivenTwice() throws IOException {
        ConfigException e = fails("version_table: app.v\nversion_table_schema: other\n");
        assertEquals("version_table_schema", e.key());
        assertEquals(2, e.line());
        assertTrue(e.problem().contains("given twice"), e.getMessage());
    }

    @Test
    void invalidSchema() throws IOException {
        ConfigException e = fails("version_table_schema: a.b\n");
        assertEquals("version_table_schema", e.key());
    }

    @Test
    void mappingValueIsTheWrongType() throws IOException {
        ConfigException e = fails("script_location:\n  path: x\n");
        assertEquals("script_location", e.key());
        assertTrue(e.problem().contains("found a mapping"), e.getMessage());
        assertEquals(2, e.line());
    }

    @Test
    void emptyScriptLocation() throws IOException {
        ConfigException e = fails("script_location: ''\n");
        assertEquals("script_location", e.key());
    }

    @Test
    void nonScalarKey() throws IOException {
        ConfigException e = fails("? [a, b]\n: c\n");
        assertTrue(e.problem().contains("not a plain name"), e.getMessage());
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("absent.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> Config.load(file, Map.of()));
        assertEquals(file, e.file());
        assertTrue(e.hint().contains("migrate init"), e.getMessage());
    }

    @Test
    void nonUtf8File() throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, "url: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        ConfigException e = assertThrows(ConfigException.class, () -> Config.load(file, Map.of()));
        assertTrue(e.problem().contains("UTF-8"), e.getMessage());
    }

    // --- interpolation ---------------------------------------------------------------------------

    @Test
    void interpolatesEnvironmentVariables() throws IOException {
        Path file = write("url: ${DB}\nversion_table: ${PREFIX:-app}_version\nscript_location: $${literal}\nlock_wait: ${T:-5s}\n");
        Config c = Config.load(file, Map.of("DB", "postgres://a:b@h/d"));
        assertEquals("postgres://a:b@h/d", c.url());
        assertEquals("app_version", c.versionTable());
        assertEquals(dir.resolve("${literal}"), c.scriptLocation());
        assertEquals(Duration.ofSeconds(5), c.lockWait());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("interpolations")
    void interpolationRules(String value, Map<String, String> env, String expected) {
        assertEquals(expected, Config.interpolate(value, env, null, "k", 1));
    }

    static Stream<Arguments> interpolations() {
        Map<String, String> env = new HashMap<>();
        env.put("A", "alpha");
        env.put("EMPTY", "");
        return Stream.of(
                Arguments.of("plain", env, "plain"),
                Arguments.of("${A}", env, "alpha"),
                Arguments.of("x${A}y${A}z", env, "xalphayalphaz"),
                Arguments.of("${EMPTY}", env, ""),
                Arguments.of("${EMPTY:-d}", env, "d"),
                Arguments.of("${MISSING:-d}", env, "d"),
                Arguments.of("${MISSING:-}", env, ""),
                Arguments.of("${A:-d}", env, "alpha"),
                Arguments.of("${MISSING:-a:b/c}", env, "a:b/c"),
                Arguments.of("$$", env, "$"),
                Arguments.of("pa$$word", env, "pa$word"),
                Arguments.of("$${A}", env, "${A}"),
                Arguments.of("$$$${A}", env, "$${A}"),
                Arguments.of("$$${A}", env, "$alpha"),
                // migrate's placeholder, no environment variable: as written, and as written when escaped too
                Arguments.of("${tenant}, public", env, "${tenant}, public"),
                Arguments.of("postgres://app@db:5432/${tenant}?x=${A}", env, "postgres://app@db:5432/${tenant}?x=alpha"),
                Arguments.of("$${tenant}", env, "${tenant}"),
                Arguments.of("${tenant}", Map.of("tenant", "env-value"), "${tenant}"));
    }

    /** The tenant keys hold migrate's ${tenant}, written as the guide writes it (or escaped, as was once needed). */
    @Test
    void tenantKeysKeepThePlaceholder() throws IOException {
        Config c = load("tenants_mode: database\ntenants_search_path: \"${tenant}, public\"\n"
                + "tenants_url_template: postgres://app@db:5432/${tenant}\n");
        assertEquals("${tenant}, public", c.tenants().searchPath());
        assertEquals("postgres://app@db:5432/${tenant}", c.tenants().urlTemplate());
        Config escaped = load("tenants_search_path: \"$${tenant}, public\"\ntenants_url_template: postgres://app@db:5432/$${tenant}\n");
        assertEquals("${tenant}, public", escaped.tenants().searchPath());
        assertEquals("postgres://app@db:5432/${tenant}", escaped.tenants().urlTemplate());
        ConfigException none = fails("tenants_url_template: postgres://app@db:5432/${TENANT_DB}\n");
        assertTrue(none.problem().contains("`TENANT_DB` is not set"), "only ${tenant} is migrate's: " + none.getMessage());
    }

    @Test
    void unsetVariableNamesVariableKeyAndFile() throws IOException {
        ConfigException e = fails("script_location: x\nversion_table: ${MY_TABLE}\n");
        assertEquals("version_table", e.key());
        assertEquals(2, e.line());
        assertTrue(e.problem().contains("`MY_TABLE` is not set"), e.getMessage());
    }

    /** The URL's variable is read when the URL is: commands that need no database load the file without it. */
    @Test
    void anUnsetVariableInTheUrlFailsWhenTheUrlIsRead() throws IOException {
        Path file = write("script_location: x\nurl: ${DATABASE_URL}\n");
        Config config = Config.load(file, Map.of());
        assertEquals(file.getParent().resolve("x"), config.scriptLocation());
        ConfigException e = assertThrows(ConfigException.class, config::url);
        assertEquals(file, e.file());
        assertEquals("url", e.key());
        assertEquals(2, e.line());
        assertTrue(e.problem().contains("`DATABASE_URL` is not set"), e.getMessage());
        assertTrue(e.hint().contains("${DATABASE_URL:-default}"), e.hint());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres://u:secret$@h/db", "postgres://u:secret$HOME@h/db", "postgres://u:secret${@h/db",
            "postgres://u:secret${a b}@h/db", "postgres://u:${secret-x}@h/db"})
    void badInterpolationInUrlDoesNotRevealIt(String value) throws IOException {
        ConfigException e = fails("url: '" + value + "'\n");
        assertEquals("url", e.key());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        assertTrue(e.hint().contains("$$"), e.hint());
    }

    @Test
    void wrongTypeForUrlDoesNotRevealIt() throws IOException {
        ConfigException e = fails("url: [postgres://u:secret@h/db]\n");
        assertEquals("url", e.key());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void blankUrlAfterInterpolationIsNoUrl() throws IOException {
        Path file = write("url: ${DATABASE_URL}\n");
        assertNull(Config.load(file, Map.of("DATABASE_URL", "")).url());
    }

    // --- precedence and display ------------------------------------------------------------------

    @Test
    void resolveUrlPrefersCliThenEnvironmentThenFile() throws IOException {
        Config c = load("url: sqlite:file.db\n");
        Map<String, String> env = Map.of("DATABASE_URL", "sqlite:env.db");
        assertEquals("sqlite:cli.db", Config.resolveUrl("sqlite:cli.db", env, c));
        assertEquals("sqlite:env.db", Config.resolveUrl(null, env, c));
        assertEquals("sqlite:env.db", Config.resolveUrl("  ", env, c));
        assertEquals("sqlite:file.db", Config.resolveUrl(null, Map.of(), c));
        assertEquals("sqlite:file.db", Config.resolveUrl(null, Map.of("DATABASE_URL", " "), c));
        assertNull(Config.resolveUrl(null, Map.of(), Config.defaults(dir)));
        assertNull(Config.resolveUrl(null, Map.of(), null));
    }

    @Test
    void resolveDatabaseUrlUsesTheConfigDirectoryOnlyForTheFilesUrl() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("conf"));
        Path file = sub.resolve("migrate.yaml");
        Files.writeString(file, "url: sqlite:app.db\n");
        Config c = Config.load(file, Map.of());
        Path cwd = dir.resolve("work");
        assertEquals(sub.resolve("app.db"), Config.resolveDatabaseUrl(null, Map.of(), c, cwd).file());
        assertEquals(cwd.resolve("cli.db"), Config.resolveDatabaseUrl("sqlite:cli.db", Map.of(), c, cwd).file());
        assertEquals(cwd.resolve("env.db"), Config.resolveDatabaseUrl(null, Map.of("DATABASE_URL", "sqlite:env.db"), c, cwd).file());
        assertEquals(cwd.resolve("app.db"), Config.resolveDatabaseUrl(null, Map.of("DATABASE_URL", "sqlite:app.db"), c, cwd).file(),
                "same text, but it came from the environment");
        assertNull(Config.resolveDatabaseUrl(null, Map.of(), Config.defaults(dir), cwd));
    }

    @Test
    void invalidUrlFromTheFileNamesFileAndKeyButNotThePassword() throws IOException {
        Path file = write("url: postgres://u:secret@h:nope/db\n");
        Config c = Config.load(file, Map.of());
        ConfigException e = assertThrows(ConfigException.class, () -> Config.resolveDatabaseUrl(null, Map.of(), c, dir));
        assertEquals(file, e.file());
        assertEquals("url", e.key());
        assertTrue(e.getMessage().startsWith(file + ": key `url`: invalid database URL `postgres://u:***@h:nope/db`"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        ConfigException fromCli = assertThrows(ConfigException.class,
                () -> Config.resolveDatabaseUrl("postgres://u:secret@h:nope/db", Map.of(), c, dir));
        assertNull(fromCli.file(), "a --url value did not come from the file");
    }

    @Test
    void toStringHidesThePassword() throws IOException {
        Config c = load("url: postgres://app:secret@db/prod\n");
        assertEquals("postgres://app:secret@db/prod", c.url(), "the raw value is kept for the driver");
        assertFalse(c.toString().contains("secret"), c.toString());
        assertTrue(c.toString().contains("postgres://app:***@db/prod"), c.toString());
    }

    @Test
    void constructorValidates() {
        Path loc = dir.resolve("m");
        assertThrows(ConfigException.class, () -> new Config(null, loc, null, "bad name", Duration.ZERO, "a"));
        assertThrows(ConfigException.class, () -> new Config(null, loc, null, "t", Duration.ofSeconds(-1), "a"));
        assertThrows(NullPointerException.class, () -> new Config(null, null, null, "t", Duration.ZERO, "a"));
        assertEquals("t", new Config(null, loc, null, "t", Duration.ZERO, "a").versionTable());
    }

    @Test
    void closestKey() {
        assertEquals("url", Config.closest("ulr", Config.KEYS));
        assertNull(Config.closest("something_else_entirely", Config.KEYS));
    }
}
