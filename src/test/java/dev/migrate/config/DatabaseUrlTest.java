package dev.migrate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.migrate.config.DatabaseUrl.Kind;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {

    private static final Path BASE = Path.of("/project/config").toAbsolutePath();

    /** input, JDBC URL, user, password, redacted. */
    static Stream<Arguments> postgres() {
        return Stream.of(
                Arguments.of("postgres://app:secret@db:5432/prod", "jdbc:postgresql://db:5432/prod", "app", "secret",
                        "postgres://app:***@db:5432/prod"),
                Arguments.of("postgresql://app:secret@db/prod", "jdbc:postgresql://db:5432/prod", "app", "secret",
                        "postgresql://app:***@db:5432/prod"),
                Arguments.of("postgres://app:secret@db:6543/prod?sslmode=require", "jdbc:postgresql://db:6543/prod?sslmode=require",
                        "app", "secret", "postgres://app:***@db:6543/prod?sslmode=require"),
                Arguments.of("postgresql:///prod", "jdbc:postgresql://localhost:5432/prod", null, null, "postgresql://localhost:5432/prod"),
                Arguments.of("postgresql://:5433/prod", "jdbc:postgresql://localhost:5433/prod", null, null, "postgresql://localhost:5433/prod"),
                Arguments.of("postgresql://app@db/prod", "jdbc:postgresql://db:5432/prod", "app", null, "postgresql://app@db:5432/prod"),
                Arguments.of("postgresql://app:@db/prod", "jdbc:postgresql://db:5432/prod", "app", "", "postgresql://app:***@db:5432/prod"),
                Arguments.of("postgresql://app:pw@[::1]:5433/prod", "jdbc:postgresql://[::1]:5433/prod", "app", "pw",
                        "postgresql://app:***@[::1]:5433/prod"),
                Arguments.of("postgresql://app:pw@[2001:db8::1]/prod", "jdbc:postgresql://[2001:db8::1]:5432/prod", "app", "pw",
                        "postgresql://app:***@[2001:db8::1]:5432/prod"),
                Arguments.of("postgresql://u%40corp:p%40ss%3Aw%2Fd@db/prod", "jdbc:postgresql://db:5432/prod", "u@corp", "p@ss:w/d",
                        "postgresql://u%40corp:***@db:5432/prod"),
                // libpq does not treat + as a space
                Arguments.of("postgresql://app:a+b@db/prod", "jdbc:postgresql://db:5432/prod", "app", "a+b", "postgresql://app:***@db:5432/prod"),
                // a raw @, / or ? in the password still parses: credentials end at the last @
                Arguments.of("postgresql://app:p@s/s?x@db/prod", "jdbc:postgresql://db:5432/prod", "app", "p@s/s?x",
                        "postgresql://app:***@db:5432/prod"),
                Arguments.of("postgresql://app:pw@h1:5432,h2:5433/prod?targetServerType=primary",
                        "jdbc:postgresql://h1:5432,h2:5433/prod?targetServerType=primary", "app", "pw",
                        "postgresql://app:***@h1:5432,h2:5433/prod?targetServerType=primary"),
                Arguments.of("postgresql://db/prod?user=app&password=secret&sslmode=verify-full",
                        "jdbc:postgresql://db:5432/prod?sslmode=verify-full", "app", "secret",
                        "postgresql://db:5432/prod?user=app&password=***&sslmode=verify-full"),
                Arguments.of("postgresql+psycopg2://app:pw@db/prod", "jdbc:postgresql://db:5432/prod", "app", "pw",
                        "postgresql+psycopg2://app:***@db:5432/prod"),
                Arguments.of("POSTGRES://app:pw@DB/Prod", "jdbc:postgresql://DB:5432/Prod", "app", "pw", "postgres://app:***@DB:5432/Prod"),
                Arguments.of("  postgres://app:pw@db/prod  ", "jdbc:postgresql://db:5432/prod", "app", "pw", "postgres://app:***@db:5432/prod"),
                Arguments.of("postgres://app:pw@db/my%20db", "jdbc:postgresql://db:5432/my+db", "app", "pw", "postgres://app:***@db:5432/my%20db"),
                // pgjdbc forms: user and password move out of the URL, values URL-decoded (+ is a space)
                Arguments.of("jdbc:postgresql://db:5432/prod?user=app&password=s%26c+ret&sslmode=require",
                        "jdbc:postgresql://db:5432/prod?sslmode=require", "app", "s&c ret",
                        "jdbc:postgresql://db:5432/prod?user=app&password=***&sslmode=require"),
                Arguments.of("jdbc:postgresql://db/prod", "jdbc:postgresql://db:5432/prod", null, null, "jdbc:postgresql://db:5432/prod"),
                Arguments.of("jdbc:postgresql:prod", "jdbc:postgresql://localhost:5432/prod", null, null, "jdbc:postgresql://localhost:5432/prod"),
                Arguments.of("postgres://app@db/prod?Password=s3&sslpassword=k3y", "jdbc:postgresql://db:5432/prod?sslpassword=k3y", "app", "s3",
                        "postgres://app@db:5432/prod?password=***&sslpassword=***"),
                Arguments.of("postgres://app:s3@db/prod?SSLPassword=k3y&ssl%70assword=k4y&sslmode=require",
                        "jdbc:postgresql://db:5432/prod?SSLPassword=k3y&ssl%70assword=k4y&sslmode=require", "app", "s3",
                        "postgres://app:***@db:5432/prod?SSLPassword=***&ssl%70assword=***&sslmode=require"),
                Arguments.of("jdbc:postgresql://[::1]/prod?ApplicationName=migrate", "jdbc:postgresql://[::1]:5432/prod?ApplicationName=migrate",
                        null, null, "jdbc:postgresql://[::1]:5432/prod?ApplicationName=migrate"));
    }

    @org.junit.jupiter.api.Test
    void redactMasksEveryPasswordLikeParameterOfAnyUrl() {
        for (String raw : List.of("postgres://u:p@h/d?sslpassword=k3y", "postgres://h/d?PASSWORD=k3y", "mysql://h/d;password=k3y",
                "jdbc:postgresql://h/d?user=u&ssl%50assword=k3y", "not a url ?Password=k3y&x=1", "postgres://h/d?api_token=k3y")) {
            String shown = DatabaseUrl.redact(raw);
            assertFalse(shown.contains("k3y"), raw + " -> " + shown);
        }
        assertEquals("postgres://h/d?sslmode=require&sslpassword=***", DatabaseUrl.redact("postgres://h/d?sslmode=require&sslpassword=k3y"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("postgres")
    void parsesPostgresUrls(String input, String jdbcUrl, String user, String password, String redacted) {
        DatabaseUrl url = DatabaseUrl.parse(input, BASE);
        assertEquals(Kind.POSTGRESQL, url.kind());
        assertEquals(jdbcUrl, url.jdbcUrl());
        assertEquals(user, url.user());
        assertEquals(password, url.password());
        assertEquals(redacted, url.redacted());
        assertEquals(redacted, url.toString());
        assertNull(url.file());
        assertFalse(url.inMemory());
        if (password != null && !password.isEmpty()) {
            assertFalse(url.jdbcUrl().contains(password), "password leaked into the JDBC URL");
        }
    }

    /** input, absolute file (null for in-memory or file: URI), JDBC URL. */
    static Stream<Arguments> sqlite() {
        return Stream.of(
                Arguments.of("sqlite:app.db", BASE.resolve("app.db"), "jdbc:sqlite:" + BASE.resolve("app.db")),
                Arguments.of("sqlite:data/../app.db", BASE.resolve("app.db"), "jdbc:sqlite:" + BASE.resolve("app.db")),
                Arguments.of("sqlite:/var/data/app.db", Path.of("/var/data/app.db"), "jdbc:sqlite:/var/data/app.db"),
                Arguments.of("sqlite:///app.db", BASE.resolve("app.db"), "jdbc:sqlite:" + BASE.resolve("app.db")),
                Arguments.of("sqlite:///sub/app.db", BASE.resolve("sub/app.db"), "jdbc:sqlite:" + BASE.resolve("sub/app.db")),
                Arguments.of("sqlite:////var/data/app.db", Path.of("/var/data/app.db"), "jdbc:sqlite:/var/data/app.db"),
                Arguments.of("jdbc:sqlite:app.db", BASE.resolve("app.db"), "jdbc:sqlite:" + BASE.resolve("app.db")),
                Arguments.of("jdbc:sqlite:/var/data/app.db", Path.of("/var/data/app.db"), "jdbc:sqlite:/var/data/app.db"),
                Arguments.of("sqlite:app.db?journal_mode=WAL", BASE.resolve("app.db"), "jdbc:sqlite:" + BASE.resolve("app.db") + "?journal_mode=WAL"),
                Arguments.of("sqlite+pysqlite:///app.db", BASE.resolve("app.db"), "jdbc:sqlite:" + BASE.resolve("app.db")),
                Arguments.of("sqlite:file:app.db?mode=ro", null, "jdbc:sqlite:file:app.db?mode=ro"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sqlite")
    void parsesSqliteUrls(String input, Path file, String jdbcUrl) {
        DatabaseUrl url = DatabaseUrl.parse(input, BASE);
        assertEquals(Kind.SQLITE, url.kind());
        assertEquals(file, url.file());
        assertEquals(jdbcUrl, url.jdbcUrl());
        assertNull(url.user());
        assertNull(url.password());
        assertTrue(url.jdbcProperties().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite::memory:", "jdbc:sqlite::memory:", "sqlite://", "sqlite:///:memory:"})
    void recognisesInMemorySqlite(String input) {
        DatabaseUrl url = DatabaseUrl.parse(input, BASE);
        assertEquals(Kind.SQLITE, url.kind());
        assertEquals("jdbc:sqlite::memory:", url.jdbcUrl());
        assertNull(url.file());
        assertTrue(url.inMemory());
        assertEquals("sqlite::memory:", url.redacted());
    }

    @Test
    void relativeSqlitePathDefaultsToWorkingDirectory() {
        DatabaseUrl url = DatabaseUrl.parse("sqlite:app.db");
        assertEquals(Path.of("").toAbsolutePath().resolve("app.db"), url.file());
    }

    @Test
    void credentialsTravelAsDriverProperties() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://app:p%40ss@db/prod", BASE);
        Properties props = url.jdbcProperties();
        assertEquals("app", props.getProperty("user"));
        assertEquals("p@ss", props.getProperty("password"));
        assertEquals(2, props.size());
        props.setProperty("password", "changed");
        assertEquals("p@ss", url.jdbcProperties().getProperty("password"), "each call returns a fresh copy");
    }

    @Test
    void noPasswordMeansNoPasswordProperty() {
        Properties props = DatabaseUrl.parse("postgres://app@db/prod", BASE).jdbcProperties();
        assertEquals("app", props.getProperty("user"));
        assertFalse(props.containsKey("password"));
    }

    /** Malformed URLs carrying the password "secret": the message must say what is wrong, never the password. */
    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("postgres://u:secret@host:notaport/db", "port"),
                Arguments.of("postgres://u:secret@host:99999/db", "port"),
                Arguments.of("postgres://u:secret@host:/db", "port"),
                Arguments.of("postgres://u:secret@host", "database name is missing"),
                Arguments.of("postgres://u:secret@host/", "database name is missing"),
                Arguments.of("postgres://u:secret@host/a/b", "contains `/`"),
                Arguments.of("postgres://u:secret@[::1/db", "closing `]`"),
                Arguments.of("postgres://u:secret@[zz]/db", "IPv6"),
                Arguments.of("postgres://u:secret@::1/db", "brackets"),
                Arguments.of("postgres://u:secret@ho st/db", "host name"),
                Arguments.of("postgres://u:se%ZZcret@host/db", "password contains `%`"),
                Arguments.of("postgres://u:se%FFcret@host/db", "password is not valid UTF-8"),
                Arguments.of("postgres://u:secret@host/db?password=secret", "password is given twice"),
                Arguments.of("postgres://u:secret@host/db?user=v", "user is given twice"),
                Arguments.of("postgres://u:secret@host/db?=x", "no name"),
                Arguments.of("jdbc:postgresql://host/db?password=secret&user=a&user=b", "user is given twice"),
                Arguments.of("jdbc:postgresql://host/?password=secret", "database name is missing"),
                Arguments.of("jdbc:postgresql://host:x/db?password=secret", "port"),
                Arguments.of("postgres:u:secret@host/db", "needs //"),
                Arguments.of("mysql://u:secret@host/db", "unsupported scheme `mysql`"),
                Arguments.of("jdbc:mysql://u:secret@host/db", "unsupported JDBC driver"),
                Arguments.of("u:secret@host/db", "unsupported scheme `u`"),
                Arguments.of("host/db", "does not start with a scheme"),
                Arguments.of("sqlite://u:secret@host/x.db", "cannot name a host"),
                Arguments.of("sqlite:", "file path is missing"),
                Arguments.of("jdbc:sqlite:", "file path is missing"),
                // user:password that lost its @: the password is no host, and is not shown as one
                Arguments.of("postgres://u:secret!127.0.0.1:5432/db", "neither host:port nor user:password@host"),
                Arguments.of("postgres://u:secret!127.0.0.1/db", "neither host:port nor user:password@host"),
                Arguments.of("postgres://u:sec/ret!host/db", "neither host:port nor user:password@host"),
                Arguments.of("postgres://u:secret", "neither host:port nor user:password@host"),
                // a raw @ in a parameter: misread, but the message still hides the password
                Arguments.of("postgres://u:secret@host/db?application_name=a@b", "database name is missing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedUrlsWithoutRevealingThePassword(String input, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> DatabaseUrl.parse(input, BASE));
        assertTrue(e.getMessage().contains(expected), () -> "expected `" + expected + "` in: " + e.getMessage());
        assertFalse(e.getMessage().contains("secret"), () -> "password leaked: " + e.getMessage());
        assertFalse(e.getMessage().contains("cret"), () -> "part of the password leaked: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("invalid database URL") || e.getMessage().startsWith("the database URL"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertTrue(e.hint() != null && !e.hint().isEmpty(), "says what to do");
    }

    @Test
    void malformedPortMessageShowsTheRedactedUrl() {
        ConfigException e = assertThrows(ConfigException.class, () -> DatabaseUrl.parse("postgres://u:secret@host:notaport/db", BASE));
        assertEquals("invalid database URL `postgres://u:***@host:notaport/db`: the port is not a number between 1 and 65535",
                e.problem());
    }

    @Test
    void unknownSchemeListsTheAcceptedForms() {
        ConfigException e = assertThrows(ConfigException.class, () -> DatabaseUrl.parse("mysql://h/db", BASE));
        assertTrue(e.getMessage().contains("postgresql://user:password@host:5432/database"), e.getMessage());
        assertTrue(e.getMessage().contains("sqlite::memory:"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void rejectsEmptyUrl(String input) {
        ConfigException e = assertThrows(ConfigException.class, () -> DatabaseUrl.parse(input, BASE));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void rejectsNullUrl() {
        assertThrows(ConfigException.class, () -> DatabaseUrl.parse(null, BASE));
    }

    static Stream<Arguments> redaction() {
        return Stream.of(
                Arguments.of("postgres://app:secret@db/prod", "postgres://app:***@db/prod"),
                Arguments.of("postgres://app:se@cr/et@db:x/prod", "postgres://app:***@db:x/prod"),
                Arguments.of("postgres://app@db/prod", "postgres://app@db/prod"),
                Arguments.of("postgres://db:5432/prod", "postgres://db:5432/prod"),
                Arguments.of("jdbc:postgresql://db/prod?user=a&password=secret&ssl=true", "jdbc:postgresql://db/prod?user=a&password=***&ssl=true"),
                Arguments.of("jdbc:postgresql://db/prod?PASSWORD=secret", "jdbc:postgresql://db/prod?PASSWORD=***"),
                Arguments.of("u:secret@host", "u:***@host"),
                Arguments.of("postgres://u:secret!host:5432/db", "postgres://u:***/db"),
                Arguments.of("postgres://u:sec/ret!host/db", "postgres://u:***/db"),
                Arguments.of("postgres://u:secret", "postgres://u:***"),
                Arguments.of("postgres://h1:5432,h2:5433/db", "postgres://h1:5432,h2:5433/db"),
                Arguments.of("postgresql://[::1]:5433/db", "postgresql://[::1]:5433/db"),
                Arguments.of("postgres://:5432/db", "postgres://:5432/db"),
                Arguments.of("sqlite:app.db", "sqlite:app.db"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("redaction")
    void redactsAnyString(String input, String expected) {
        assertEquals(expected, DatabaseUrl.redact(input));
    }

    @Test
    void redactOfNullIsNull() {
        assertNull(DatabaseUrl.redact(null));
        assertNull(DatabaseUrl.redactText(null));
    }

    /** Texts of any kind that quote a URL: the credential is masked, the rest of the text kept. */
    static Stream<Arguments> redactionInText() {
        return Stream.of(
                Arguments.of("Unmatched argument at index 2: 'postgres://u_pw:S3cretPw!@127.0.0.1:5432/db'",
                        "Unmatched argument at index 2: 'postgres://u_pw:***@127.0.0.1:5432/db'"),
                Arguments.of("ERROR: invalid input syntax for type integer: \"postgres://u:S3cretPw@h/db?sslpassword=K3y\"\n  Position: 8",
                        "ERROR: invalid input syntax for type integer: \"postgres://u:***@h/db?sslpassword=***\"\n  Position: 8"),
                Arguments.of("a `jdbc:postgresql://h/db?user=u&password=S3cretPw`: no", "a `jdbc:postgresql://h/db?user=u&password=***`: no"),
                Arguments.of("two: mysql://a:S3cretPw@h/d and https://x:S3cretPw@h", "two: mysql://a:***@h/d and https://x:***@h"),
                Arguments.of("it lost its @: postgres://u:S3cretPw!h:5432/db.", "it lost its @: postgres://u:***/db."),
                // migrate's own hints, and text without a credential, as they are
                Arguments.of("Write postgresql://user:password@host:5432/db or ?user=...&password=..., or ?password=, not both",
                        "Write postgresql://user:password@host:5432/db or ?user=...&password=..., or ?password=, not both"),
                Arguments.of("Cannot connect to postgres://app@db:5432/x: refused", "Cannot connect to postgres://app@db:5432/x: refused"),
                Arguments.of("migrate.yaml:3: key `url`: user@example.org\tx", "migrate.yaml:3: key `url`: user@example.org\tx"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("redactionInText")
    void redactsUrlsInAnyText(String input, String expected) {
        assertEquals(expected, DatabaseUrl.redactText(input));
    }

    @Test
    void recordRequiresItsEssentials() {
        assertThrows(NullPointerException.class, () -> new DatabaseUrl(null, "jdbc:sqlite::memory:", null, null, null, "x"));
        assertThrows(NullPointerException.class, () -> new DatabaseUrl(Kind.SQLITE, null, null, null, null, "x"));
    }
}
