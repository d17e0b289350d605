package dev.migrate.config;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed database URL: which database, the JDBC URL to open it with, and the credentials, kept
 * out of the JDBC URL so that they are passed to the driver as properties.
 *
 * <h2>Accepted forms</h2>
 *
 * <p>PostgreSQL (libpq style):
 * <pre>
 * postgres://user:password@host:5432/database?sslmode=require
 * postgresql://user@host/database            port defaults to 5432
 * postgresql:///database                     host defaults to localhost (no Unix sockets)
 * postgresql://user:pw@[::1]:5433/database   IPv6 in brackets
 * postgresql://user:pw@h1:5432,h2:5433/db    several hosts, passed on to pgjdbc
 * postgresql+psycopg2://...                  an SQLAlchemy driver suffix is ignored
 * </pre>
 * The user name and password are percent-decoded ({@code p%40ss%3Aw%2Fd} is {@code p@ss:w/d}).
 * The credentials end at the <em>last</em> {@code @} of the URL, so a raw {@code @}, {@code /}
 * or {@code ?} in the password is tolerated, but an {@code @} anywhere after the host (in a
 * parameter value, say) must be written {@code %40}. A database name is required: libpq's
 * fallback to the user name would let a migration run against the wrong database. Query
 * parameters are passed through to pgjdbc unchanged (so use pgjdbc's names, e.g.
 * {@code sslmode}, {@code connectTimeout}), except {@code user} and {@code password}, which are
 * moved to {@link #jdbcProperties()}.
 *
 * <p>PostgreSQL (pgjdbc style):
 * <pre>
 * jdbc:postgresql://host:5432/database?user=app&amp;password=secret&amp;sslmode=require
 * jdbc:postgresql:database                   localhost:5432
 * </pre>
 * As in pgjdbc, query values (and the database name) are URL-decoded, {@code +} meaning a space.
 *
 * <p>SQLite:
 * <pre>
 * sqlite:app.db              relative to the base directory (the config file's directory)
 * sqlite:/var/data/app.db    absolute
 * sqlite:///app.db           SQLAlchemy style: three slashes, then a RELATIVE path
 * sqlite:////var/data/app.db SQLAlchemy style: four slashes for an absolute path
 * jdbc:sqlite:app.db         relative to the base directory too (not the working directory)
 * sqlite::memory:            also jdbc:sqlite::memory:, sqlite://, sqlite:///:memory:
 * sqlite:file:app.db?mode=ro an SQLite URI filename, passed through unchanged
 * </pre>
 * A query string after the path ({@code ?journal_mode=WAL}) is passed through to sqlite-jdbc.
 *
 * <p>{@link #toString()} and {@link #redacted()} never show the password, and no
 * {@link ConfigException} thrown by {@link #parse} contains it.
 *
 * @param kind     which database
 * @param jdbcUrl  the URL for {@link java.sql.DriverManager} or a pool, without user or password
 * @param user     the user name, or {@code null} (always {@code null} for SQLite)
 * @param password the password, or {@code null}; pass it with {@link #jdbcProperties()}
 * @param file     the absolute, normalised SQLite database file; {@code null} for PostgreSQL,
 *                 in-memory databases and {@code file:} URIs
 * @param redacted the URL for display, with the password shown as {@code ***}
 */
public record DatabaseUrl(Kind kind, String jdbcUrl, String user, String password, Path file, String redacted) {

    /** The database systems migrate supports. */
    public enum Kind { POSTGRESQL, SQLITE }

    /** The accepted forms, for error messages. */
    static final String ACCEPTED_FORMS = "Accepted forms: postgresql://user:password@host:5432/database?sslmode=require, "
            + "jdbc:postgresql://host:5432/database?user=...&password=..., "
            + "sqlite:path/to/file.db, sqlite:///relative.db, sqlite:////absolute.db, sqlite::memory:";

    private static final Pattern POSTGRES_URI = Pattern.compile("(?is)((?:postgres|postgresql)(?:\\+[a-z0-9_]+)?://)(.*)");
    private static final Pattern JDBC_POSTGRES = Pattern.compile("(?is)(jdbc:postgresql:)(.*)");
    private static final Pattern SQLITE = Pattern.compile("(?is)(sqlite(?:\\+[a-z0-9_]+)?:)(.*)");
    private static final Pattern JDBC_SQLITE = Pattern.compile("(?is)(jdbc:sqlite:)(.*)");
    private static final Pattern HOST_NAME = Pattern.compile("[\\p{L}\\p{N}._-]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%25[A-Za-z0-9._~-]+)?");
    private static final String DEFAULT_PORT = "5432";

    public DatabaseUrl {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(redacted, "redacted");
    }

    /**
     * Parses {@code url}, resolving a relative SQLite path against the working directory.
     *
     * @throws ConfigException if the URL is not one of the accepted forms; the message names what
     *                         is wrong and never contains the password
     */
    public static DatabaseUrl parse(String url) {
        return parse(url, Path.of("").toAbsolutePath());
    }

    /**
     * Parses {@code url}, resolving a relative SQLite path against {@code baseDir} (normally the
     * directory of the config file, so that {@code sqlite:app.db} means the same file wherever
     * migrate is run from).
     *
     * @throws ConfigException if the URL is not one of the accepted forms; the message names what
     *                         is wrong and never contains the password
     */
    public static DatabaseUrl parse(String url, Path baseDir) {
        Objects.requireNonNull(baseDir, "baseDir");
        if (url == null || url.isBlank()) {
            throw new ConfigException(null, null, null, "the database URL is empty", ACCEPTED_FORMS);
        }
        String input = url.strip();
        Matcher m;
        if ((m = POSTGRES_URI.matcher(input)).matches()) {
            return parsePostgres(input, m.group(1), m.group(2), false);
        }
        if ((m = JDBC_POSTGRES.matcher(input)).matches()) {
            String rest = m.group(2);
            // pgjdbc's short form jdbc:postgresql:database means localhost:5432.
            return parsePostgres(input, "jdbc:postgresql://", rest.startsWith("//") ? rest.substring(2) : "/" + rest, true);
        }
        if ((m = JDBC_SQLITE.matcher(input)).matches()) {
            return parseSqlite(input, m.group(2), false, baseDir);
        }
        if ((m = SQLITE.matcher(input)).matches()) {
            return parseSqlite(input, m.group(2), true, baseDir);
        }
        int colon = input.indexOf(':');
        if (colon <= 0) {
            throw invalid(input, "it does not start with a scheme such as postgresql:// or sqlite:", ACCEPTED_FORMS);
        }
        String scheme = input.substring(0, colon).toLowerCase(Locale.ROOT);
        if (scheme.equals("postgres") || scheme.equals("postgresql")) {
            throw invalid(input, "a PostgreSQL URL needs // after the scheme", "Write postgresql://host:5432/database");
        }
        if (scheme.equals("jdbc")) {
            throw invalid(input, "unsupported JDBC driver; migrate supports PostgreSQL and SQLite", ACCEPTED_FORMS);
        }
        throw invalid(input, "unsupported scheme `" + scheme + "`; migrate supports PostgreSQL and SQLite", ACCEPTED_FORMS);
    }

    /**
     * Driver properties carrying the credentials ({@code user}, {@code password}), so the password
     * is never part of a JDBC URL string that might be logged. Empty for SQLite. The returned
     * object is a fresh copy; do not log it.
     */
    public Properties jdbcProperties() {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        return props;
    }

    /** The same server and credentials, another database on it (PostgreSQL): for scratch databases. */
    public DatabaseUrl withDatabase(String database) {
        if (kind != Kind.POSTGRESQL) throw new IllegalStateException("withDatabase is for PostgreSQL");
        Pattern path = Pattern.compile("^([a-z:+]*//[^/?]*/)([^?]*)");
        String encoded = java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8);
        String j = path.matcher(jdbcUrl).replaceFirst("$1" + java.util.regex.Matcher.quoteReplacement(encoded));
        String r = path.matcher(redacted).replaceFirst("$1" + java.util.regex.Matcher.quoteReplacement(encoded));
        return new DatabaseUrl(kind, j, user, password, null, r);
    }

    /** The database's name on its server (PostgreSQL), from the URL's path. */
    public String databaseName() {
        java.util.regex.Matcher m = Pattern.compile("^[a-z:+]*//[^/?]*/([^?]*)").matcher(jdbcUrl);
        return m.find() ? java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8) : "";
    }

    /** An SQLite database in this file. */
    public static DatabaseUrl sqliteFile(Path file) {
        Path f = file.toAbsolutePath().normalize();
        return new DatabaseUrl(Kind.SQLITE, "jdbc:sqlite:" + f, null, null, f, "sqlite:" + f);
    }

    /** Whether this is an SQLite in-memory database (every connection sees a fresh, empty one). */
    public boolean inMemory() {
        return kind == Kind.SQLITE && file == null && jdbcUrl.startsWith("jdbc:sqlite::memory:");
    }

    /** The URL for display, with the password shown as {@code ***}. */
    @Override
    public String toString() {
        return redacted;
    }

    /**
     * Masks anything that may be a password in {@code rawUrl}, which need not be valid: the part
     * between the first {@code :} after the scheme and the last {@code @}, and the value of any
     * {@code password=} parameter. A URL whose {@code user:password} lacks its {@code @} (what
     * follows {@code //} is not a list of host:port) is masked from that {@code :} to its last
     * {@code /}. It masks generously, so a malformed URL is safe to show.
     *
     * @return the masked URL; {@code null} for {@code null}
     */
    public static String redact(String rawUrl) {
        return rawUrl == null ? null : redact(rawUrl, false);
    }

    private static String redact(String rawUrl, boolean keepPlaceholders) {
        String s = rawUrl;
        int schemeEnd = s.indexOf("://");
        int start = schemeEnd >= 0 ? schemeEnd + 3 : 0;
        int at = s.lastIndexOf('@');
        if (at > start) {
            int colon = s.indexOf(':', start);
            if (colon >= 0 && colon < at) {
                s = s.substring(0, colon + 1) + "***" + s.substring(at);
            }
        } else if (schemeEnd >= 0 && at < 0) {
            s = maskCredentialsWithoutAt(s, start);
        }
        return maskParameters(s, keepPlaceholders);
    }

    /**
     * Masks every URL credential in a text of any kind (an error message, picocli's echo of an argument, a
     * database's error that quotes a value): each run of non-blank characters that holds {@code ://} is
     * {@linkplain #redact redacted}, and the value of every password-like query parameter
     * ({@code ?password=}, {@code &sslpassword=}, ...) is shown as {@code ***}. A password with a blank in it
     * is beyond it, and {@code user:password@} is taken for the example it is in migrate's hints; the text's other
     * characters, blanks and line breaks are kept.
     *
     * @return the masked text; {@code null} for {@code null}
     */
    public static String redactText(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = WORD.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String w = m.group();
            // A quoted value keeps its closing quote and what follows it (`...`: "...",) out of the masked part.
            int close = "`'\"".indexOf(w.charAt(0)) >= 0 ? w.lastIndexOf(w.charAt(0)) : -1;
            String tail = close > 0 && CLOSING.matcher(w.substring(close)).matches() ? w.substring(close) : "";
            w = w.substring(0, w.length() - tail.length());
            String shown = w.contains("://") && !PLACEHOLDER.matcher(w).find() ? redact(w, true) : maskParameters(w, true);
            m.appendReplacement(out, Matcher.quoteReplacement(shown + tail));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static final Pattern WORD = Pattern.compile("\\S+");
    private static final Pattern CLOSING = Pattern.compile("[`'\"][.,;:)\\]]*");
    /** migrate's own example, {@code postgresql://user:password@host...}, in a hint: no credential. */
    private static final Pattern PLACEHOLDER = Pattern.compile("://user:password@");

    /** Host specs as a URL's authority lists them: {@code host}, {@code host:port}, {@code [v6]:port}, comma-separated. */
    private static final Pattern HOST_LIST = Pattern.compile("(?:\\[[^\\]]*\\]|[^:,\\[\\]]*)(?::[0-9]*)?"
            + "(?:,(?:\\[[^\\]]*\\]|[^:,\\[\\]]*)(?::[0-9]*)?)*");

    /**
     * {@code s}, a URL without {@code @}, with the text from the authority's first {@code :} to the URL's last
     * {@code /} (or its end) masked, when the authority is not a list of host:port: then it is likely
     * {@code user:password} that lost its {@code @}.
     */
    private static String maskCredentialsWithoutAt(String s, int start) {
        int end = indexOfAny(s.substring(start), '/', '?');
        String authority = end >= 0 ? s.substring(start, start + end) : s.substring(start);
        if (HOST_LIST.matcher(authority).matches()) {
            return s;
        }
        int colon = s.indexOf(':', start);
        if (colon < 0) {
            return s;
        }
        int slash = s.lastIndexOf('/');
        return s.substring(0, colon + 1) + "***" + (slash > colon ? s.substring(slash) : "");
    }

    /**
     * Whether a query parameter may hold a secret: its name, percent-decoded and in any case, speaks of a password
     * ({@code password}, {@code Password}, {@code sslpassword}, {@code pass%77ord}, ...), a secret or a token.
     */
    static boolean secretParameter(String rawName) {
        String n = decodeLeniently(rawName).toLowerCase(java.util.Locale.ROOT);
        return n.contains("password") || n.contains("passwd") || n.equals("pwd") || n.contains("secret") || n.contains("token");
    }

    /** {@code text} with the value of every secret query parameter ({@link #secretParameter}) shown as {@code ***}. */
    static String maskParameters(String text) {
        return maskParameters(text, false);
    }

    /**
     * As {@link #maskParameters(String)}; with {@code keepPlaceholders}, a value that is none (a hint's
     * {@code ?password=,}), {@code ...} or {@code ***} is left as it is.
     */
    private static String maskParameters(String text, boolean keepPlaceholders) {
        java.util.regex.Matcher m = PARAMETER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            boolean placeholder = keepPlaceholders && NO_VALUE.matcher(m.group(3)).matches();
            String replacement = secretParameter(m.group(2)) && !placeholder ? m.group(1) + m.group(2) + "=***" : m.group();
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static final Pattern NO_VALUE = Pattern.compile("(?:\\.\\.\\.|\\*\\*\\*)?[.,;]?");
    private static final Pattern PARAMETER = Pattern.compile("([?&;])([^=&;?#]*)=([^&;#]*)");

    private static String decodeLeniently(String s) {
        try {
            return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // PostgreSQL

    private static DatabaseUrl parsePostgres(String input, String displayScheme, String rest, boolean jdbcForm) {
        // The credentials end at the last '@': passwords with a raw '@', '/' or '?' still parse,
        // and redact() masks exactly the same span.
        int at = rest.lastIndexOf('@');
        String userInfo = at >= 0 ? rest.substring(0, at) : null;
        String afterAt = at >= 0 ? rest.substring(at + 1) : rest;

        int authorityEnd = indexOfAny(afterAt, '/', '?');
        String authority = authorityEnd >= 0 ? afterAt.substring(0, authorityEnd) : afterAt;
        String remainder = authorityEnd >= 0 ? afterAt.substring(authorityEnd) : "";
        String rawPath = "";
        String query = null;
        int q = remainder.indexOf('?');
        if (q >= 0) {
            query = remainder.substring(q + 1);
            remainder = remainder.substring(0, q);
        }
        if (remainder.startsWith("/")) {
            rawPath = remainder.substring(1);
        }

        String user = null;
        String password = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String rawUser = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
            if (!rawUser.isEmpty()) {
                user = decode(input, rawUser, false, "the user name");
            }
            if (colon >= 0) {
                password = decode(input, userInfo.substring(colon + 1), false, "the password");
            }
        }

        if (userInfo == null && !redact(input).equals(maskParameters(input))) {
            throw invalid(input, "what follows `//` is neither host:port nor user:password@host",
                    "End user:password with `@` before the host, e.g. postgresql://user:password@host:5432/mydb "
                            + "(an IPv6 host goes in brackets: [::1])");
        }
        List<String> hosts = parseHosts(input, authority);

        if (rawPath.isEmpty()) {
            throw invalid(input, "the database name is missing",
                    "Write it after the host, e.g. postgresql://host:5432/mydb (migrate does not default it to the user name)");
        }
        if (rawPath.contains("/")) {
            throw invalid(input, "the database name contains `/`", "Write a slash in a database name as %2F");
        }
        String database = decode(input, rawPath, jdbcForm, "the database name");

        List<String> passThrough = new ArrayList<>();
        List<String> display = new ArrayList<>();
        if (query != null && !query.isEmpty()) {
            for (String param : query.split("&", -1)) {
                if (param.isEmpty()) {
                    continue;
                }
                int eq = param.indexOf('=');
                String name = eq >= 0 ? param.substring(0, eq) : param;
                String value = eq >= 0 ? param.substring(eq + 1) : "";
                if (name.equals("user")) {
                    if (user != null) {
                        throw invalid(input, "the user is given twice", "Give it either before the host or as ?user=, not both");
                    }
                    user = decode(input, value, jdbcForm, "the user name");
                    display.add(param);
                } else if (name.equalsIgnoreCase("password")) {
                    if (password != null) {
                        throw invalid(input, "the password is given twice", "Give it either before the host or as ?password=, not both");
                    }
                    password = decode(input, value, jdbcForm, "the password");
                    display.add("password=***");
                } else {
                    if (name.isEmpty()) {
                        throw invalid(input, "a query parameter has no name", "Write parameters as ?name=value&name2=value2");
                    }
                    passThrough.add(param);
                    display.add(secretParameter(name) ? name + "=***" : param);
                }
            }
        }
        if (user != null && user.isEmpty()) {
            user = null;
        }

        String hostList = String.join(",", hosts);
        String jdbcUrl = "jdbc:postgresql://" + hostList + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8)
                + (passThrough.isEmpty() ? "" : "?" + String.join("&", passThrough));

        StringBuilder shown = new StringBuilder(displayScheme.toLowerCase(Locale.ROOT));
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            shown.append(colon >= 0 ? userInfo.substring(0, colon) + ":***" : userInfo).append('@');
        }
        shown.append(hostList).append('/').append(rawPath);
        if (!display.isEmpty()) {
            shown.append('?').append(String.join("&", display));
        }
        return new DatabaseUrl(Kind.POSTGRESQL, jdbcUrl, user, password, null, shown.toString());
    }

    private static List<String> parseHosts(String input, String authority) {
        List<String> hosts = new ArrayList<>();
        if (authority.isEmpty()) {
            hosts.add("localhost:" + DEFAULT_PORT);
            return hosts;
        }
        for (String spec : authority.split(",", -1)) {
            String host;
            String port;
            if (spec.startsWith("[")) {
                int close = spec.indexOf(']');
                if (close < 0) {
                    throw invalid(input, "an IPv6 address is missing its closing `]`", "Write e.g. postgresql://user@[::1]:5432/mydb");
                }
                String address = spec.substring(1, close);
                if (!IPV6.matcher(address).matches()) {
                    throw invalid(input, "the IPv6 address in brackets is not valid", "Write e.g. [::1] or [2001:db8::1]");
                }
                host = "[" + address + "]";
                String after = spec.substring(close + 1);
                if (after.isEmpty()) {
                    port = DEFAULT_PORT;
                } else if (after.startsWith(":")) {
                    port = after.substring(1);
                } else {
                    throw invalid(input, "unexpected text after the IPv6 address", "Write [address]:port");
                }
            } else {
                int colon = spec.indexOf(':');
                if (colon >= 0 && spec.indexOf(':', colon + 1) >= 0) {
                    throw invalid(input, "an IPv6 host must be written in brackets", "Write e.g. postgresql://user@[::1]:5432/mydb");
                }
                host = colon >= 0 ? spec.substring(0, colon) : spec;
                port = colon >= 0 ? spec.substring(colon + 1) : DEFAULT_PORT;
                if (host.isEmpty()) {
                    host = "localhost";
                } else if (!HOST_NAME.matcher(host).matches()) {
                    throw invalid(input, "the host name is not valid",
                            "Use letters, digits, `.`, `-` and `_` (Unix-domain sockets are not supported); if the password or a parameter contains `@`, write it as %40");
                }
            }
            hosts.add(host + ":" + checkPort(input, port));
        }
        return hosts;
    }

    private static String checkPort(String input, String port) {
        if (port.isEmpty()) {
            throw invalid(input, "the port after `:` is empty", "Write a port number such as 5432, or leave out the `:`");
        }
        boolean digits = port.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits || port.length() > 5 || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw invalid(input, "the port is not a number between 1 and 65535", "Write e.g. postgresql://host:5432/mydb");
        }
        return String.valueOf(Integer.parseInt(port));
    }

    // ---------------------------------------------------------------------------------------------
    // SQLite

    private static DatabaseUrl parseSqlite(String input, String rest, boolean sqlAlchemyForm, Path baseDir) {
        String query = null;
        int q = rest.indexOf('?');
        String path = rest;
        if (q >= 0) {
            query = rest.substring(q + 1);
            path = rest.substring(0, q);
        }
        if (sqlAlchemyForm && path.startsWith("//")) {
            // SQLAlchemy: sqlite://<host>/<path>, host always empty; so /// = relative, //// = absolute.
            String afterSlashes = path.substring(2);
            if (afterSlashes.isEmpty()) {
                path = ":memory:";
            } else if (!afterSlashes.startsWith("/")) {
                throw invalid(input, "an sqlite:// URL cannot name a host",
                        "Write sqlite:///relative/path.db or sqlite:////absolute/path.db (or simply sqlite:path.db)");
            } else {
                path = afterSlashes.substring(1);
            }
        }
        String shownQuery = query == null ? "" : maskParameters("?" + query);
        String jdbcQuery = query == null ? "" : "?" + query;
        if (path.equals(":memory:")) {
            return new DatabaseUrl(Kind.SQLITE, "jdbc:sqlite::memory:" + jdbcQuery, null, null, null, "sqlite::memory:" + shownQuery);
        }
        if (path.regionMatches(true, 0, "file:", 0, 5)) {
            return new DatabaseUrl(Kind.SQLITE, "jdbc:sqlite:" + path + jdbcQuery, null, null, null, "sqlite:" + path + shownQuery);
        }
        if (path.isEmpty()) {
            throw invalid(input, "the SQLite file path is missing", "Write e.g. sqlite:app.db or sqlite::memory:");
        }
        Path file;
        try {
            file = baseDir.resolve(Path.of(path)).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw invalid(input, "the SQLite file path is not a valid path on this system", "Write e.g. sqlite:app.db");
        }
        return new DatabaseUrl(Kind.SQLITE, "jdbc:sqlite:" + file + jdbcQuery, null, null, file, "sqlite:" + file + shownQuery);
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * Percent-decodes a URL component as UTF-8; {@code plusIsSpace} follows pgjdbc (which uses
     * {@link java.net.URLDecoder}) rather than libpq. Errors name the component, never its text.
     */
    private static String decode(String input, String raw, boolean plusIsSpace, String what) {
        if (raw.indexOf('%') < 0 && !(plusIsSpace && raw.indexOf('+') >= 0)) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] utf8 = raw.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b == '%') {
                int hi = i + 1 < utf8.length ? Character.digit(utf8[i + 1], 16) : -1;
                int lo = i + 2 < utf8.length ? Character.digit(utf8[i + 2], 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw invalid(input, what + " contains `%` not followed by two hex digits", "Write a literal % as %25");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (b == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                bytes.write(b);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid(input, what + " is not valid UTF-8 after percent-decoding", "Percent-encode the UTF-8 bytes of each character");
        }
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == a || c == b) {
                return i;
            }
        }
        return -1;
    }

    /** The one way errors are made here: only the redacted URL is shown, never its parts. */
    private static ConfigException invalid(String input, String problem, String hint) {
        return new ConfigException(null, null, null, "invalid database URL `" + redact(input) + "`: " + problem, hint);
    }
}
