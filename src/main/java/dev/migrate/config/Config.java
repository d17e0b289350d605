package dev.migrate.config;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The validated, immutable settings of a project, read from a YAML file such as
 * {@code migrate.yaml}.
 *
 * <h2>Keys</h2>
 * <dl>
 * <dt>{@code script_location} (default {@code migrations})</dt>
 * <dd>The directory holding {@code versions/}; a relative path is relative to the config file's
 * directory, not the working directory. Stored absolute and normalised.</dd>
 * <dt>{@code url} (no default)</dt>
 * <dd>The database URL (see {@link DatabaseUrl} for the forms). Kept as a string, not parsed here:
 * {@code --url} or {@code DATABASE_URL} may override it (see {@link #resolveUrl}), so a bad value
 * should only fail when it is used. Usually {@code url: ${DATABASE_URL}} or left out.</dd>
 * <dt>{@code version_table} (default {@code migrate_version})</dt>
 * <dd>The table recording the applied revisions: an identifier {@code [A-Za-z_][A-Za-z0-9_]*} of at
 * most 63 characters (PostgreSQL's limit), optionally schema-qualified as {@code app.migrate_version}.</dd>
 * <dt>{@code version_table_schema} (optional)</dt>
 * <dd>A schema for the version table (and the audit table, if that is not qualified itself); an
 * alternative to writing {@code schema.table} in {@code version_table}, not an addition to it.</dd>
 * <dt>{@code audit_table} (default {@code <version_table>_audit})</dt>
 * <dd>The table logging every upgrade and downgrade; same rules as {@code version_table}. When
 * unqualified, it lives in the version table's schema.</dd>
 * <dt>{@code lock_wait} (default {@code 60s})</dt>
 * <dd>How long to wait for another migrate process's lock: {@code 500ms}, {@code 30s}, {@code 2m},
 * {@code 1h}, decimals such as {@code 1.5s}, an ISO-8601 duration ({@code PT30S}), or a plain number
 * of seconds. {@code 0} means fail at once if the lock is taken.</dd>
 * </dl>
 *
 * <h2>Values</h2>
 * A value is a single YAML scalar, taken as the text written: {@code version_table: 12} is the
 * string {@code "12"} (and then rejected as an identifier), {@code script_location: 2024} is the
 * directory {@code 2024}. A list or mapping is an error. A key with no value ({@code url:} or
 * {@code url: ~}) means the default. An empty file means all defaults. Unknown keys are errors,
 * with the closest known key suggested, because a misspelt key silently ignored would, for
 * example, move the version table.
 *
 * <h2>Environment variables</h2>
 * Every value may use {@code ${NAME}} (an error naming the variable, key and file if it is not
 * set; set-but-empty gives the empty string), {@code ${NAME:-default}} (the default when unset or
 * empty; the default is literal text up to the first {@code }}), and {@code $$} for a literal
 * {@code $}. Any other {@code $} is an error, so that {@code $NAME} is not taken literally by
 * mistake. {@code ${tenant}} is no environment variable: it is left as written, for the keys
 * that hold migrate's placeholder ({@code tenants_url_template}, {@code tenants_search_path}).
 *
 * @param file           the config file read, or {@code null} for {@link #defaults(Path)}
 * @param scriptLocation the script directory, absolute and normalised
 * @param url            the database URL after interpolation, or {@code null} if not configured;
 *                       may contain a password, so it is redacted in {@link #toString()}
 * @param versionTable   the version table, schema-qualified ({@code app.migrate_version}) when a
 *                       schema was configured
 * @param lockWait    how long to wait for the migration lock; {@link Duration#ZERO} = fail at once
 * @param auditTable     the audit table, schema-qualified when a schema was configured
 */
public record Config(Path file, Path scriptLocation, String url, String versionTable, Duration lockWait, String auditTable,
                     List<Path> versionLocations, String fileTemplate, String revisionFormat, List<Path> classpath,
                     Duration lockTimeout, Duration statementTimeout, int lockRetries, Duration connectWait,
                     Duration networkTimeout, Duration concurrentLockTimeout, AutogenerateConfig autogenerate,
                     ConfigException urlProblem, String lintStatsUrl, TenantsConfig tenants) {

    /** Key: the script directory. */
    public static final String SCRIPT_LOCATION = "script_location";
    /** Key: the database URL. */
    public static final String URL = "url";
    /** Key: the version table name. */
    public static final String VERSION_TABLE = "version_table";
    /** Key: the schema of the version table. */
    public static final String VERSION_TABLE_SCHEMA = "version_table_schema";
    /** Key: the lock timeout. */
    public static final String LOCK_WAIT = "lock_wait";
    /** Key: the audit table name. */
    public static final String AUDIT_TABLE = "audit_table";

    /** Key: the directories holding revision scripts, when not just {@code <script_location>/versions}. */
    public static final String VERSION_LOCATIONS = "version_locations";
    /** Key: the file name of a new revision script, with Alembic's tokens. */
    public static final String FILE_TEMPLATE = "file_template";
    /** Key: the kind of script {@code migrate revision} writes: {@code sql} or {@code java}. */
    public static final String REVISION_FORMAT = "revision_format";
    /** Key: jars and directories holding compiled Java revisions. */
    public static final String CLASSPATH = "classpath";

    /** Key: PostgreSQL's {@code lock_timeout} while a revision runs. */
    public static final String LOCK_TIMEOUT = "lock_timeout";
    /** Key: PostgreSQL's {@code statement_timeout} while a revision runs. */
    public static final String STATEMENT_TIMEOUT = "statement_timeout";
    /** Key: how often a revision that failed on {@code lock_timeout} is tried again. */
    public static final String LOCK_RETRIES = "lock_retries";
    /** Key: how long to keep trying to reach a database that is still starting. */
    public static final String CONNECT_WAIT = "connect_wait";
    /** Key: how long to wait for the database to answer migrate's own statements, and for a silent network. */
    public static final String NETWORK_TIMEOUT = "network_timeout";
    /** Key: PostgreSQL's {@code lock_timeout} for statements that build or drop an index concurrently. */
    public static final String CONCURRENT_LOCK_TIMEOUT = "concurrent_lock_timeout";
    /** Key: the schemas autogenerate compares. */
    public static final String AUTOGENERATE_SCHEMAS = "autogenerate_schemas";
    /** Key: tables autogenerate leaves out (globs). */
    public static final String AUTOGENERATE_EXCLUDE = "autogenerate_exclude";
    /** Key: whether autogenerate writes online-safe forms for tables that exist. */
    public static final String AUTOGENERATE_SAFE = "autogenerate_safe";
    /** Key: {@code structural} or {@code strict}: whether a constraint under another name is a change. */
    public static final String AUTOGENERATE_CONSTRAINT_NAMES = "autogenerate_constraint_names";
    /** Key: the packages scanned for JPA entities. */
    public static final String ENTITY_PACKAGES = "entity_packages";
    /** Key: {@code spring} or {@code jpa} naming of entity tables and columns. */
    public static final String ENTITY_NAMING = "entity_naming";
    /** Key: a properties file handed to Hibernate. */
    public static final String HIBERNATE_PROPERTIES = "hibernate_properties";
    /** Key: the desired schema as SQL files or folders. */
    public static final String SCHEMA_FILES = "schema_files";
    /** Key: the server for scratch databases. */
    public static final String SHADOW_URL = "shadow_url";
    /** Key: whether replayed revisions are kept as a template database. */
    public static final String SHADOW_CACHE = "shadow_cache";
    /** Key: production's URL for lint's table sizes (read-only). */
    public static final String LINT_STATS_URL = "lint_stats_url";
    /** Keys of a run across tenants: see {@link TenantsConfig}. */
    public static final String TENANTS_MODE = "tenants_mode", TENANTS_QUERY = "tenants_query", TENANTS_FILE = "tenants_file",
            TENANTS_PATTERN = "tenants_pattern", TENANTS_URL_TEMPLATE = "tenants_url_template", TENANTS_SEARCH_PATH = "tenants_search_path",
            TENANTS_PARALLEL = "tenants_parallel", TENANTS_CANARY = "tenants_canary", TENANTS_MAX_FAILURES = "tenants_max_failures";
    /** Default of {@code network_timeout}. */
    public static final Duration DEFAULT_NETWORK_TIMEOUT = Duration.ofSeconds(30);
    /** Default of {@code lock_timeout}: DDL waits at most this long behind other traffic, then backs off. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);
    /** Default of {@code lock_retries}. */
    public static final int DEFAULT_LOCK_RETRIES = 5;

    /** Every key a config file may contain. */
    public static final List<String> KEYS = List.of(SCRIPT_LOCATION, URL, VERSION_TABLE, VERSION_TABLE_SCHEMA, LOCK_WAIT,
            AUDIT_TABLE, VERSION_LOCATIONS, FILE_TEMPLATE, REVISION_FORMAT, CLASSPATH, LOCK_TIMEOUT, STATEMENT_TIMEOUT,
            LOCK_RETRIES, CONNECT_WAIT, NETWORK_TIMEOUT, CONCURRENT_LOCK_TIMEOUT, AUTOGENERATE_SCHEMAS, AUTOGENERATE_EXCLUDE,
            AUTOGENERATE_SAFE, AUTOGENERATE_CONSTRAINT_NAMES, ENTITY_PACKAGES, ENTITY_NAMING, HIBERNATE_PROPERTIES, SCHEMA_FILES, SHADOW_URL, SHADOW_CACHE,
            LINT_STATS_URL, TENANTS_MODE, TENANTS_QUERY, TENANTS_FILE, TENANTS_PATTERN, TENANTS_URL_TEMPLATE, TENANTS_SEARCH_PATH,
            TENANTS_PARALLEL, TENANTS_CANARY, TENANTS_MAX_FAILURES);
    /** Default of {@code file_template}: {@code 3f1c9a2b7d10_add_user_avatar}. */
    public static final String DEFAULT_FILE_TEMPLATE = "%(rev)s_%(slug)s";
    /** The values {@code revision_format} accepts. */
    public static final List<String> REVISION_FORMATS = List.of("sql", "java");

    /** Default of {@code script_location}. */
    public static final String DEFAULT_SCRIPT_LOCATION = "migrations";
    /** Default of {@code version_table}. */
    public static final String DEFAULT_VERSION_TABLE = "migrate_version";
    /** Default of {@code lock_wait}. */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(60);
    /** The environment variable {@link #resolveUrl} consults. */
    public static final String DATABASE_URL_ENV = "DATABASE_URL";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_IDENTIFIER_LENGTH = 63;
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern DURATION = Pattern.compile("(?i)(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");
    private static final String DURATION_HINT = "Write e.g. 30s, 2m, 500ms, 0 (fail at once) or a plain number of seconds";
    // Candidate secrets in the raw file, scrubbed from snakeyaml's messages as a safety net.
    private static final Pattern URL_PASSWORD = Pattern.compile("://[^\\s:/@]*:([^\\s]+)@");
    private static final Pattern PARAM_PASSWORD = Pattern.compile("(?i)password=([^&\\s\"']+)");

    /**
     * Validates the components; {@link #load} and {@link #defaults} have already checked them
     * with file and line, so this is the backstop for code that builds a config directly.
     *
     * @throws ConfigException if a table name is not a valid identifier or the timeout is negative
     */
    public Config {
        Objects.requireNonNull(scriptLocation, "scriptLocation");
        Objects.requireNonNull(versionTable, "versionTable");
        Objects.requireNonNull(lockWait, "lockWait");
        Objects.requireNonNull(auditTable, "auditTable");
        versionLocations = versionLocations == null || versionLocations.isEmpty()
                ? List.of(scriptLocation.resolve("versions")) : List.copyOf(versionLocations);
        fileTemplate = fileTemplate == null ? DEFAULT_FILE_TEMPLATE : fileTemplate;
        revisionFormat = revisionFormat == null ? "sql" : revisionFormat;
        classpath = classpath == null ? List.of() : List.copyOf(classpath);
        lockTimeout = lockTimeout == null ? DEFAULT_LOCK_TIMEOUT : lockTimeout;
        statementTimeout = statementTimeout == null ? Duration.ZERO : statementTimeout;
        connectWait = connectWait == null ? Duration.ZERO : connectWait;
        networkTimeout = networkTimeout == null ? DEFAULT_NETWORK_TIMEOUT : networkTimeout;
        concurrentLockTimeout = concurrentLockTimeout == null ? Duration.ZERO : concurrentLockTimeout;
        autogenerate = autogenerate == null ? AutogenerateConfig.DEFAULTS : autogenerate;
        tenants = tenants == null ? TenantsConfig.NONE : tenants;
        if (networkTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException(file, NETWORK_TIMEOUT, null, "the network timeout is shorter than 1s",
                    "Write e.g. `network_timeout: 30s`; it bounds how long a silent network can hold up a run");
        }
        if (lockRetries < 0) {
            throw new ConfigException(file, LOCK_RETRIES, null, "the number of retries is negative", "Write e.g. `lock_retries: 5`");
        }
        if (!REVISION_FORMATS.contains(revisionFormat)) {
            throw new ConfigException(file, REVISION_FORMAT, null, "`" + revisionFormat + "` is not a revision format",
                    "Write `sql` or `java`");
        }
        checkQualified(file, VERSION_TABLE, null, versionTable);
        checkQualified(file, AUDIT_TABLE, null, auditTable);
        if (lockWait.isNegative()) {
            throw new ConfigException(file, LOCK_WAIT, null, "the lock timeout is negative", DURATION_HINT);
        }
    }

    /** A config with the authoring and class-path keys at their defaults. */
    public Config(Path file, Path scriptLocation, String url, String versionTable, Duration lockWait, String auditTable) {
        this(file, scriptLocation, url, versionTable, lockWait, auditTable, null, null, null, null, null, null,
                DEFAULT_LOCK_RETRIES, null, null, null, null, null, null, null);
    }

    /**
     * The database URL of the file's {@code url} key, or {@code null}. When it names an environment variable that is
     * not set, reading it fails with the file, line and variable: only the commands that need a database read it, so
     * {@code url: ${DATABASE_URL}} does not stop {@code heads}, {@code history} or {@code revision} where no secret
     * exists (a pull-request check).
     */
    @Override
    public String url() {
        if (urlProblem != null) throw urlProblem;
        return url;
    }

    /**
     * All defaults, as if an empty config file were in {@code dir}: scripts in
     * {@code dir/migrations}, no URL, table {@code migrate_version}, audit table
     * {@code migrate_version_audit}, lock timeout 60 s.
     */
    public static Config defaults(Path dir) {
        return new Config(null, dir.toAbsolutePath().normalize().resolve(DEFAULT_SCRIPT_LOCATION), null,
                DEFAULT_VERSION_TABLE, DEFAULT_LOCK_WAIT, DEFAULT_VERSION_TABLE + "_audit");
    }

    /**
     * Reads and validates a config file, interpolating {@code ${VAR}} references from {@code env}.
     *
     * @param file the YAML file; it must exist (whether a missing file means "use defaults" is the
     *             caller's decision)
     * @param env  the environment, normally {@link System#getenv()}
     * @throws ConfigException for any problem, with file, key and line where known
     */
    public static Config load(Path file, Map<String, String> env) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(env, "env");
        String text = read(file);
        Node root = compose(file, text);
        Path dir = file.toAbsolutePath().normalize().getParent();
        if (root == null || (root instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL))) {
            Config d = defaults(dir);
            return new Config(file, d.scriptLocation(), null, d.versionTable(), d.lockWait(), d.auditTable());
        }
        if (!(root instanceof MappingNode mapping)) {
            throw new ConfigException(file, null, line(root), "the top level is not a mapping of keys to values",
                    "Write one `key: value` per line, e.g. `script_location: migrations`");
        }

        Map<String, Entry> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode keyScalar)) {
                throw new ConfigException(file, null, line(keyNode), "a key is not a plain name",
                        "Known keys: " + String.join(", ", KEYS));
            }
            String key = keyScalar.getValue();
            int keyLine = line(keyNode);
            if (!KEYS.contains(key)) {
                String suggestion = closest(key, KEYS);
                throw new ConfigException(file, key, keyLine, "unknown key",
                        (suggestion != null ? "Did you mean `" + suggestion + "`? " : "") + "Known keys: " + String.join(", ", KEYS));
            }
            Entry previous = entries.put(key, new Entry(key, keyLine, tuple.getValueNode()));
            if (previous != null) {
                throw new ConfigException(file, key, keyLine, "duplicate key, first given on line " + previous.line(),
                        "Remove one of them");
            }
        }

        String location = string(file, entries.get(SCRIPT_LOCATION), env);
        Path scriptLocation;
        if (location == null) {
            scriptLocation = dir.resolve(DEFAULT_SCRIPT_LOCATION);
        } else if (location.isEmpty()) {
            throw new ConfigException(file, SCRIPT_LOCATION, valueLine(entries.get(SCRIPT_LOCATION)), "the value is empty",
                    "Write a directory, e.g. `script_location: migrations`, or remove the key for the default");
        } else {
            try {
                scriptLocation = dir.resolve(Path.of(location)).normalize();
            } catch (InvalidPathException e) {
                throw new ConfigException(file, SCRIPT_LOCATION, valueLine(entries.get(SCRIPT_LOCATION)),
                        "`" + location + "` is not a valid path on this system", "Write a directory, e.g. `script_location: migrations`");
            }
        }

        String url = null;
        ConfigException urlProblem = null;
        try {
            url = string(file, entries.get(URL), env);
        } catch (ConfigException e) {
            if (!(e instanceof UnsetVariableException)) throw e;
            urlProblem = e;
        }
        if (url != null && url.isBlank()) {
            url = null;
        }

        String schema = string(file, entries.get(VERSION_TABLE_SCHEMA), env);
        if (schema != null) {
            checkIdentifier(file, VERSION_TABLE_SCHEMA, valueLine(entries.get(VERSION_TABLE_SCHEMA)), schema, schema,
                    "Write a schema name such as `app`");
        }

        String versionTable = string(file, entries.get(VERSION_TABLE), env);
        if (versionTable == null) {
            versionTable = DEFAULT_VERSION_TABLE;
        }
        checkQualified(file, VERSION_TABLE, valueLine(entries.get(VERSION_TABLE)), versionTable);
        if (schema != null) {
            if (versionTable.contains(".")) {
                throw new ConfigException(file, VERSION_TABLE_SCHEMA, valueLine(entries.get(VERSION_TABLE_SCHEMA)),
                        "the schema is given twice: version_table `" + versionTable + "` already names one",
                        "Remove version_table_schema or the schema prefix in version_table");
            }
            versionTable = schema + "." + versionTable;
        }

        String auditTable = string(file, entries.get(AUDIT_TABLE), env);
        Integer auditLine = entries.containsKey(AUDIT_TABLE) ? valueLine(entries.get(AUDIT_TABLE)) : valueLine(entries.get(VERSION_TABLE));
        if (auditTable == null) {
            auditTable = versionTable + "_audit";
            checkQualified(file, entries.containsKey(VERSION_TABLE) ? VERSION_TABLE : AUDIT_TABLE, auditLine, auditTable);
        } else {
            checkQualified(file, AUDIT_TABLE, auditLine, auditTable);
            int dot = versionTable.indexOf('.');
            if (!auditTable.contains(".") && dot >= 0) {
                auditTable = versionTable.substring(0, dot + 1) + auditTable;
            }
        }
        if (auditTable.equalsIgnoreCase(versionTable)) {
            throw new ConfigException(file, AUDIT_TABLE, auditLine, "the audit table is the version table",
                    "Give audit_table a different name, or remove it for the default `<version_table>_audit`");
        }

        Entry timeoutEntry = entries.get(LOCK_WAIT);
        String timeoutText = string(file, timeoutEntry, env);
        Duration lockWait = timeoutText == null ? DEFAULT_LOCK_WAIT
                : parseDuration(file, LOCK_WAIT, valueLine(timeoutEntry), timeoutText);

        List<Path> versionLocations = paths(file, dir, entries.get(VERSION_LOCATIONS), env, "[,\\s]+");
        String fileTemplate = string(file, entries.get(FILE_TEMPLATE), env);
        if (fileTemplate != null && !fileTemplate.contains("%(rev)s")) {
            throw new ConfigException(file, FILE_TEMPLATE, valueLine(entries.get(FILE_TEMPLATE)),
                    "the template has no %(rev)s token, so two revisions could get the same file name",
                    "Write e.g. `%(year)d%(month).2d%(day).2d_%(hour).2d%(minute).2d%(second).2d_%(rev)s_%(slug)s`");
        }
        String revisionFormat = string(file, entries.get(REVISION_FORMAT), env);
        if (revisionFormat != null && !REVISION_FORMATS.contains(revisionFormat)) {
            throw new ConfigException(file, REVISION_FORMAT, valueLine(entries.get(REVISION_FORMAT)),
                    "`" + revisionFormat + "` is not a revision format", "Write `sql` or `java`");
        }
        List<Path> classpath = paths(file, dir, entries.get(CLASSPATH), env, "[,\\s" + Pattern.quote(File.pathSeparator) + "]+");
        Duration lockTimeout = optionalDuration(file, entries.get(LOCK_TIMEOUT), env);
        Duration statementTimeout = optionalDuration(file, entries.get(STATEMENT_TIMEOUT), env);
        Duration connectWait = optionalDuration(file, entries.get(CONNECT_WAIT), env);
        Duration networkTimeout = optionalDuration(file, entries.get(NETWORK_TIMEOUT), env);
        if (networkTimeout != null && networkTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException(file, NETWORK_TIMEOUT, valueLine(entries.get(NETWORK_TIMEOUT)),
                    "the network timeout is shorter than 1s",
                    "Write e.g. `network_timeout: 30s`; it bounds how long a silent network can hold up a run");
        }
        Duration concurrentLockTimeout = optionalDuration(file, entries.get(CONCURRENT_LOCK_TIMEOUT), env);
        String retriesText = string(file, entries.get(LOCK_RETRIES), env);
        int lockRetries = DEFAULT_LOCK_RETRIES;
        if (retriesText != null) {
            try {
                lockRetries = Integer.parseInt(retriesText.strip());
            } catch (NumberFormatException e) {
                lockRetries = -1;
            }
            if (lockRetries < 0 || lockRetries > 100) {
                throw new ConfigException(file, LOCK_RETRIES, valueLine(entries.get(LOCK_RETRIES)),
                        "`" + retriesText + "` is not a number of retries from 0 to 100", "Write e.g. `lock_retries: 5`");
            }
        }
        return new Config(file, scriptLocation, url, versionTable, lockWait, auditTable, versionLocations, fileTemplate,
                revisionFormat, classpath, lockTimeout, statementTimeout, lockRetries, connectWait, networkTimeout,
                concurrentLockTimeout, autogenerate(file, dir, entries, env), urlProblem, string(file, entries.get(LINT_STATS_URL), env),
                tenants(file, dir, entries, env));
    }

    private static TenantsConfig tenants(Path file, Path dir, Map<String, Entry> entries, Map<String, String> env) {
        String mode = string(file, entries.get(TENANTS_MODE), env);
        if (mode != null && !mode.strip().equals("schema") && !mode.strip().equals("database")) {
            throw new ConfigException(file, TENANTS_MODE, valueLine(entries.get(TENANTS_MODE)), "`" + mode + "` is neither schema nor database",
                    "Write `tenants_mode: schema` (a schema each, the default) or `tenants_mode: database` (a database each)");
        }
        String template = string(file, entries.get(TENANTS_URL_TEMPLATE), env);
        if (template != null && !template.contains("${tenant}")) {
            throw new ConfigException(file, TENANTS_URL_TEMPLATE, valueLine(entries.get(TENANTS_URL_TEMPLATE)),
                    "the template has no ${tenant}", "Write e.g. `tenants_url_template: postgres://app@db:5432/${tenant}`");
        }
        List<Path> files = paths(file, dir, entries.get(TENANTS_FILE), env, "\\n");
        return new TenantsConfig(mode == null ? null : mode.strip(), string(file, entries.get(TENANTS_QUERY), env),
                files == null || files.isEmpty() ? null : files.get(0), string(file, entries.get(TENANTS_PATTERN), env), template,
                string(file, entries.get(TENANTS_SEARCH_PATH), env), count(file, entries, TENANTS_PARALLEL, env, 1, 1000),
                count(file, entries, TENANTS_CANARY, env, 0, 100000), count(file, entries, TENANTS_MAX_FAILURES, env, 0, 1000000));
    }

    /** A whole number key from {@code min} to {@code max}; null when absent. */
    private static Integer count(Path file, Map<String, Entry> entries, String key, Map<String, String> env, int min, int max) {
        String text = string(file, entries.get(key), env);
        if (text == null) return null;
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw new ConfigException(file, key, valueLine(entries.get(key)), "`" + text + "` is not a whole number from " + min + " to " + max,
                "Write e.g. `" + key + ": " + Math.max(min, 4) + "`");
    }

    private static AutogenerateConfig autogenerate(Path file, Path dir, Map<String, Entry> entries, Map<String, String> env) {
        List<String> schemas = words(file, entries.get(AUTOGENERATE_SCHEMAS), env);
        for (String schema : schemas) {
            checkIdentifier(file, AUTOGENERATE_SCHEMAS, valueLine(entries.get(AUTOGENERATE_SCHEMAS)), schema, schema,
                    "Write schema names, e.g. `autogenerate_schemas: public, billing`");
        }
        List<String> exclude = words(file, entries.get(AUTOGENERATE_EXCLUDE), env);
        boolean safe = bool(file, entries.get(AUTOGENERATE_SAFE), env, true);
        String names = string(file, entries.get(AUTOGENERATE_CONSTRAINT_NAMES), env);
        if (names != null && !AutogenerateConfig.CONSTRAINT_NAMES.contains(names.strip())) {
            throw new ConfigException(file, AUTOGENERATE_CONSTRAINT_NAMES, valueLine(entries.get(AUTOGENERATE_CONSTRAINT_NAMES)),
                    "`" + names + "` is not one of structural, strict",
                    "Write `structural` (a constraint under another name is no change) or `strict` (it is renamed)");
        }
        List<String> packages = words(file, entries.get(ENTITY_PACKAGES), env);
        for (String p : packages) {
            if (!p.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*")) {
                throw new ConfigException(file, ENTITY_PACKAGES, valueLine(entries.get(ENTITY_PACKAGES)), "`" + p + "` is not a Java package name",
                        "Write package names, e.g. `entity_packages: com.example.app.model`");
            }
        }
        String naming = string(file, entries.get(ENTITY_NAMING), env);
        if (naming != null && !AutogenerateConfig.NAMINGS.contains(naming.strip())) {
            throw new ConfigException(file, ENTITY_NAMING, valueLine(entries.get(ENTITY_NAMING)), "`" + naming + "` is not one of spring, jpa",
                    "Write `spring` (Spring Boot's snake_case names) or `jpa` (Hibernate's defaults)");
        }
        List<Path> properties = paths(file, dir, entries.get(HIBERNATE_PROPERTIES), env, "\\n");
        List<Path> schemaFiles = new ArrayList<>();
        for (String f : words(file, entries.get(SCHEMA_FILES), env)) {
            try {
                schemaFiles.add(dir.resolve(Path.of(f)).normalize());
            } catch (InvalidPathException e) {
                throw new ConfigException(file, SCHEMA_FILES, valueLine(entries.get(SCHEMA_FILES)), "`" + f + "` is not a valid path on this system",
                        "Write e.g. `schema_files: db/schema.sql`");
            }
        }
        String shadowUrl = string(file, entries.get(SHADOW_URL), env);
        if (shadowUrl != null && shadowUrl.isBlank()) shadowUrl = null;
        if (shadowUrl != null) {
            try {
                DatabaseUrl.parse(shadowUrl, dir);
            } catch (ConfigException e) {
                throw new ConfigException(file, SHADOW_URL, valueLine(entries.get(SHADOW_URL)), e.problem(), e.hint());
            }
        }
        boolean shadowCache = bool(file, entries.get(SHADOW_CACHE), env, true);
        return new AutogenerateConfig(schemas, exclude, safe, names != null && names.strip().equals("strict"), packages,
                naming == null ? null : naming.strip(), properties == null ? null : properties.get(0), schemaFiles, shadowUrl, shadowCache);
    }

    /** A list of words in one value (YAML list or separated by commas or blanks); empty when the key is absent. */
    private static List<String> words(Path file, Entry entry, Map<String, String> env) {
        if (entry != null && entry.value() instanceof SequenceNode list) {
            List<String> out = new ArrayList<>();
            for (Node item : list.getValue()) {
                out.addAll(words(file, new Entry(entry.key(), line(item), item), env));
            }
            return out;
        }
        String text = string(file, entry, env);
        if (text == null || text.isBlank()) return List.of();
        List<String> out = new ArrayList<>();
        for (String part : text.strip().split("[,\\s]+")) if (!part.isEmpty()) out.add(part);
        return out;
    }

    private static boolean bool(Path file, Entry entry, Map<String, String> env, boolean absent) {
        String text = string(file, entry, env);
        if (text == null) return absent;
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException(file, entry.key(), valueLine(entry), "`" + text + "` is not true or false",
                    "Write `" + entry.key() + ": true` or `" + entry.key() + ": false`");
        };
    }

    private static Duration optionalDuration(Path file, Entry entry, Map<String, String> env) {
        String text = string(file, entry, env);
        return text == null ? null : parseDuration(file, entry.key(), valueLine(entry), text);
    }

    /** A list of paths in one value, relative to the config file's directory; null when the key is absent. */
    private static List<Path> paths(Path file, Path dir, Entry entry, Map<String, String> env, String separators) {
        String text = string(file, entry, env);
        if (text == null || text.isBlank()) {
            return null;
        }
        List<Path> out = new ArrayList<>();
        for (String part : text.strip().split(separators)) {
            try {
                out.add(dir.resolve(Path.of(part)).normalize());
            } catch (InvalidPathException e) {
                throw new ConfigException(file, entry.key(), valueLine(entry), "`" + part + "` is not a valid path on this system",
                        "Write e.g. `" + entry.key() + ": " + example(entry.key()) + "`");
            }
        }
        return out;
    }

    /**
     * The URL to use: {@code cliUrl} (the {@code --url} option) if given, else the
     * {@code DATABASE_URL} environment variable, else the config's {@code url}. Blank values count
     * as absent.
     *
     * @param cliUrl the {@code --url} option, or {@code null}
     * @param env    the environment, or {@code null}
     * @param cfg    the config, or {@code null}
     * @return the raw URL, or {@code null} if none is configured anywhere
     */
    public static String resolveUrl(String cliUrl, Map<String, String> env, Config cfg) {
        if (cliUrl != null && !cliUrl.isBlank()) {
            return cliUrl.strip();
        }
        String fromEnv = env == null ? null : env.get(DATABASE_URL_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        return cfg == null ? null : cfg.url();
    }

    /**
     * The URL chosen by {@link #resolveUrl}, parsed. A relative SQLite path is resolved against the
     * directory of the config file when the URL comes from the file's {@code url} key, and against
     * {@code workingDir} when it comes from {@code --url} or {@code DATABASE_URL} (where the user
     * typed it relative to their shell).
     *
     * @param cliUrl     the {@code --url} option, or {@code null}
     * @param env        the environment, or {@code null}
     * @param cfg        the config, or {@code null}
     * @param workingDir the directory the command was run from
     * @return the parsed URL, or {@code null} if no URL is configured anywhere
     * @throws ConfigException if the URL is invalid; when it came from the config file, the
     *                         exception names the file and the {@code url} key
     */
    public static DatabaseUrl resolveDatabaseUrl(String cliUrl, Map<String, String> env, Config cfg, Path workingDir) {
        String outside = resolveUrl(cliUrl, env, null);
        if (outside != null) {
            return DatabaseUrl.parse(outside, workingDir);
        }
        if (cfg == null || cfg.url() == null) {
            return null;
        }
        String raw = cfg.url();
        if (cfg.file() == null) {
            return DatabaseUrl.parse(raw, workingDir);
        }
        try {
            return DatabaseUrl.parse(raw, cfg.file().toAbsolutePath().normalize().getParent());
        } catch (ConfigException e) {
            throw e.at(cfg.file(), URL, null);
        }
    }

    /** {@code scriptLocation/versions}, where revision scripts live. */
    public Path versionsDirectory() {
        return scriptLocation.resolve("versions");
    }

    /** The config for display: the URL's password is shown as {@code ***}. */
    @Override
    public String toString() {
        return "Config[file=" + file + ", scriptLocation=" + scriptLocation + ", url=" + DatabaseUrl.redact(url)
                + ", versionTable=" + versionTable + ", lockWait=" + lockWait + ", auditTable=" + auditTable + "]";
    }

    // ---------------------------------------------------------------------------------------------

    private record Entry(String key, int line, Node value) {
    }

    private static String read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, null, null, "the config file does not exist",
                    "Run `migrate init` to create one, or pass the right file with --config");
        } catch (CharacterCodingException e) {
            throw new ConfigException(file, null, null, "the config file is not valid UTF-8", "Save it as UTF-8");
        } catch (IOException e) {
            throw new ConfigException(file, null, null, "the config file cannot be read (" + e.getClass().getSimpleName() + ")",
                    "Check that it is a readable file", e);
        }
    }

    private static Node compose(Path file, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setProcessComments(false);
        try {
            return new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            // Not e.getMessage(): it quotes a snippet of the file, which may hold a password.
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            if (e.getContext() != null && e.getProblem() != null) {
                problem = e.getContext() + ": " + e.getProblem();
            }
            throw new ConfigException(file, null, mark == null ? null : mark.getLine() + 1,
                    "invalid YAML: " + scrub(text, problem == null ? "syntax error" : problem.strip()),
                    "Fix the YAML syntax" + (mark == null ? "" : " at column " + (mark.getColumn() + 1)));
        } catch (YAMLException e) {
            throw new ConfigException(file, null, null, "invalid YAML", "Fix the YAML syntax");
        }
    }

    /** Removes anything that looks like a password in {@code text} from {@code message}. */
    private static String scrub(String text, String message) {
        String result = message;
        for (Pattern p : List.of(URL_PASSWORD, PARAM_PASSWORD)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                String secret = m.group(1);
                if (!secret.isEmpty()) {
                    result = result.replace(secret, "***");
                }
            }
        }
        return result;
    }

    /** The interpolated text of a scalar; {@code null} if the key is absent or has no value. */
    private static String string(Path file, Entry entry, Map<String, String> env) {
        if (entry == null) {
            return null;
        }
        Node value = entry.value();
        if (value instanceof ScalarNode scalar) {
            if (scalar.getTag().equals(Tag.NULL)) {
                return null;
            }
            return interpolate(scalar.getValue(), env, file, entry.key(), line(value));
        }
        String found = value instanceof SequenceNode ? "a list" : value instanceof MappingNode ? "a mapping" : "a complex value";
        throw new ConfigException(file, entry.key(), line(value), "expected a single value, found " + found,
                "Write e.g. `" + entry.key() + ": " + example(entry.key()) + "`");
    }

    /** {@code ${tenant}}: the tenant's name in a fleet run, which interpolation leaves as it is. */
    static final String TENANT_PLACEHOLDER = "tenant";

    /**
     * Expands {@code ${NAME}}, {@code ${NAME:-default}} and {@code $$}; {@code ${tenant}} is migrate's own
     * placeholder and stays as written. Errors never quote the value itself (it may be a URL with a password), only
     * variable names.
     */
    static String interpolate(String value, Map<String, String> env, Path file, String key, Integer line) {
        if (value.indexOf('$') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
                continue;
            }
            char next = i + 1 < value.length() ? value.charAt(i + 1) : '\0';
            if (next == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            if (next != '{') {
                throw new ConfigException(file, key, line, "`$` must be followed by `{` or `$`",
                        "Write ${NAME} for an environment variable or $$ for a literal $");
            }
            int close = value.indexOf('}', i + 2);
            if (close < 0) {
                throw new ConfigException(file, key, line, "`${` is not closed with `}`",
                        "Write ${NAME} or ${NAME:-default}, or $$ for a literal $");
            }
            String body = value.substring(i + 2, close);
            if (body.equals(TENANT_PLACEHOLDER)) {
                // migrate's own placeholder (tenants_url_template, tenants_search_path), not an environment variable
                out.append("${").append(body).append('}');
                i = close + 1;
                continue;
            }
            int sep = body.indexOf(":-");
            String name = sep >= 0 ? body.substring(0, sep) : body;
            if (!VARIABLE.matcher(name).matches()) {
                throw new ConfigException(file, key, line, "`${...}` does not hold a valid variable name",
                        "Write ${NAME} or ${NAME:-default} with NAME made of letters, digits and _, or $$ for a literal $");
            }
            String found = env.get(name);
            if (sep >= 0) {
                out.append(found == null || found.isEmpty() ? body.substring(sep + 2) : found);
            } else if (found == null) {
                throw new UnsetVariableException(file, key, line, "environment variable `" + name + "` is not set",
                        "Set " + name + ", or give a default with ${" + name + ":-default}");
            } else {
                out.append(found);
            }
            i = close + 1;
        }
        return out.toString();
    }

    /** A {@code ${NAME}} without a default whose variable is not set. */
    static final class UnsetVariableException extends ConfigException {
        UnsetVariableException(Path file, String key, Integer line, String problem, String hint) {
            super(file, key, line, problem, hint);
        }
    }

    /** Parses {@code lock_wait}; see the class documentation for the forms. */
    public static Duration parseDuration(Path file, String key, Integer line, String text) {
        String t = text.strip();
        try {
            if (t.length() > 1 && Character.toUpperCase(t.charAt(0)) == 'P') {
                Duration d = Duration.parse(t);
                if (d.isNegative()) {
                    throw new ConfigException(file, key, line, "`" + t + "` is negative", DURATION_HINT);
                }
                return d;
            }
        } catch (DateTimeParseException e) {
            throw new ConfigException(file, key, line, "`" + t + "` is not a duration", DURATION_HINT);
        }
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            throw new ConfigException(file, key, line, "`" + t + "` is not a duration", DURATION_HINT);
        }
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        long nanosPerUnit = switch (unit) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
        try {
            long nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(nanosPerUnit))
                    .setScale(0, RoundingMode.DOWN).longValueExact();
            return Duration.ofNanos(nanos);
        } catch (ArithmeticException e) {
            throw new ConfigException(file, key, line, "`" + t + "` is too long", "Write a duration under 100 years, e.g. 10m");
        }
    }

    private static void checkQualified(Path file, String key, Integer line, String name) {
        String[] parts = name.split("\\.", -1);
        String hint = "Write a table name such as `migrate_version`, optionally with a schema: `app.migrate_version`";
        if (parts.length > 2) {
            throw new ConfigException(file, key, line, "`" + name + "` has more than one `.`", hint);
        }
        for (String part : parts) {
            checkIdentifier(file, key, line, name, part, hint);
        }
    }

    private static void checkIdentifier(Path file, String key, Integer line, String whole, String part, String hint) {
        if (!IDENTIFIER.matcher(part).matches()) {
            throw new ConfigException(file, key, line,
                    "`" + whole + "` is not a valid identifier (letters, digits and _, not starting with a digit)", hint);
        }
        if (part.length() > MAX_IDENTIFIER_LENGTH) {
            throw new ConfigException(file, key, line,
                    "`" + part + "` is longer than " + MAX_IDENTIFIER_LENGTH + " characters, which PostgreSQL would truncate",
                    "Choose a shorter name");
        }
    }

    private static String example(String key) {
        return switch (key) {
            case SCRIPT_LOCATION -> DEFAULT_SCRIPT_LOCATION;
            case URL -> "${DATABASE_URL}";
            case VERSION_TABLE -> DEFAULT_VERSION_TABLE;
            case VERSION_TABLE_SCHEMA -> "app";
            case LOCK_WAIT -> "30s";
            case VERSION_LOCATIONS -> "migrations/versions migrations/accounts";
            case FILE_TEMPLATE -> DEFAULT_FILE_TEMPLATE;
            case REVISION_FORMAT -> "java";
            case CLASSPATH -> "build/libs/app.jar";
            case LOCK_TIMEOUT, CONNECT_WAIT -> "10s";
            case NETWORK_TIMEOUT -> "30s";
            case CONCURRENT_LOCK_TIMEOUT -> "0";
            case STATEMENT_TIMEOUT -> "15m";
            case LOCK_RETRIES -> "5";
            case AUTOGENERATE_SCHEMAS -> "public";
            case AUTOGENERATE_EXCLUDE -> "tmp_*";
            case AUTOGENERATE_SAFE -> "true";
            case AUTOGENERATE_CONSTRAINT_NAMES -> "structural";
            case ENTITY_PACKAGES -> "com.example.app.model";
            case ENTITY_NAMING -> "spring";
            case HIBERNATE_PROPERTIES -> "src/main/resources/hibernate.properties";
            case SCHEMA_FILES -> "db/schema.sql";
            case SHADOW_URL -> "${SHADOW_DATABASE_URL}";
            case SHADOW_CACHE -> "true";
            case LINT_STATS_URL -> "${PRODUCTION_READONLY_URL}";
            default -> DEFAULT_VERSION_TABLE + "_audit";
        };
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }

    private static Integer valueLine(Entry entry) {
        return entry == null ? null : line(entry.value());
    }

    /** The known key closest to {@code key} (ignoring case and - versus _), or null if none is close. */
    static String closest(String key, List<String> known) {
        String normalised = key.toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = Spelling.distance(normalised, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= Math.max(2, best.length() / 3) ? best : null;
    }
}
