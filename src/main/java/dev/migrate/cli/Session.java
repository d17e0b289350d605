package dev.migrate.cli;

import dev.migrate.config.Config;
import dev.migrate.config.ConfigException;
import dev.migrate.config.DatabaseUrl;
import dev.migrate.core.Database;
import dev.migrate.core.Migrator;
import dev.migrate.core.Project;
import dev.migrate.core.Settings;
import dev.migrate.db.Dialect;
import dev.migrate.db.PostgresDialect;
import dev.migrate.db.ConnectionSettings;
import dev.migrate.db.TableName;
import dev.migrate.script.JavaRevisionLoader;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What one command run works with, resolved from the global options on first use: the configuration, the
 * project on disk, the database. Commands that need no database never parse a URL.
 */
final class Session {
    static final String DEFAULT_CONFIG = "migrate.yaml";
    static final Path CACHE_DIRECTORY = Path.of(".migrate", "cache");

    private final Main main;
    private Config config;
    private Project project;

    Session(Main main) {
        this.main = main;
    }

    /** Set by {@link #config()}: no config file was given or found, so the defaults of the working directory apply. */
    private boolean noConfigFound;

    Config config() {
        if (config == null) {
            Path file = main.config != null ? main.workingDirectory.resolve(main.config) : main.workingDirectory.resolve(DEFAULT_CONFIG);
            if (main.config == null && !Files.exists(file)) {
                Path above = Files.isDirectory(main.workingDirectory.resolve(Config.DEFAULT_SCRIPT_LOCATION)) ? null : configAbove();
                config = above != null ? Config.load(above, main.env) : Config.defaults(main.workingDirectory);
                noConfigFound = above == null;
            } else {
                config = Config.load(file, main.env);
            }
        }
        return config;
    }

    /**
     * The nearest migrate.yaml in a directory above the working directory, as git finds its repository: a command
     * run from {@code src/} of a project works as it does from the project's directory. Null when there is none.
     */
    private Path configAbove() {
        for (Path d = main.workingDirectory.toAbsolutePath().normalize().getParent(); d != null; d = d.getParent()) {
            Path candidate = d.resolve(DEFAULT_CONFIG);
            if (Files.isRegularFile(candidate)) return candidate;
        }
        return null;
    }

    Project project() {
        if (project == null) {
            Config c = config();
            try {
                project = Project.load(c.versionLocations(), javaLoader());
            } catch (dev.migrate.script.ScriptException e) {
                if (noConfigFound && !Files.exists(c.versionsDirectory())) {
                    throw new dev.migrate.config.ConfigException(null, null, null, "no " + DEFAULT_CONFIG + " in "
                            + main.workingDirectory + " or any directory above it, and no " + Config.DEFAULT_SCRIPT_LOCATION
                            + "/versions/ here", "Run migrate from your project's directory (or below it), pass -c FILE, "
                            + "or run `migrate init` to start a new project here.");
                }
                throw e;
            }
        }
        return project;
    }

    private JavaRevisionLoader javaLoader() {
        return new JavaRevisionLoader(cacheDirectory(), classpath(), JavaRevisionLoader.Listener.NONE);
    }

    /** The desired schema files of migrate.yaml ({@code schema_files}); empty when none are configured. */
    List<Path> schemaFiles() {
        return config().autogenerate().schemaFiles();
    }

    /**
     * Scratch databases for autogenerate: on the server of {@code shadow_url} when set, else of the configured
     * database; SQLite files when the project's database is SQLite (or none is configured).
     */
    Workbench workbench() {
        return workbench(dev.migrate.shadow.Shadows.Listener.NONE);
    }

    /** {@link #workbench()}, telling {@code listener} how each schema of the revisions was made (for {@code --verbose}). */
    Workbench workbench(dev.migrate.shadow.Shadows.Listener listener) {
        Config c = config();
        DatabaseUrl server;
        if (c.autogenerate().shadowUrl() != null) {
            server = DatabaseUrl.parse(c.autogenerate().shadowUrl(), c.file() == null ? main.workingDirectory : c.file().toAbsolutePath().getParent());
        } else {
            server = Config.resolveUrl(main.url, main.env, c) == null ? DatabaseUrl.parse("sqlite::memory:") : url();
        }
        TableName version = TableName.parse(c.versionTable());
        TableName audit = TableName.parse(c.auditTable());
        Settings settings = Settings.of(c);
        dev.migrate.shadow.Shadows shadows = new dev.migrate.shadow.Shadows(server, project(), version, audit, settings,
                cacheDirectory(), c.autogenerate().shadowCache(), listener);
        String dialect = server.kind() == DatabaseUrl.Kind.POSTGRESQL ? "postgresql" : "sqlite";
        dev.migrate.autogen.Autogenerate autogenerate = new dev.migrate.autogen.Autogenerate(project(), shadows,
                dev.migrate.catalog.CatalogReader.of(dialect), dev.migrate.autogen.ChangeSql.of(dialect),
                new dev.migrate.shadow.DesiredSchemaLoader(), version, audit, settings, javaLoader());
        return new Workbench(shadows, autogenerate);
    }

    /** {@code .migrate/cache} beside the config file, or in the working directory when there is none. */
    Path cacheDirectory() {
        Path base = config().file() != null ? config().file().toAbsolutePath().getParent() : main.workingDirectory;
        return base.resolve(CACHE_DIRECTORY);
    }

    /** {@code --classpath}, relative to the working directory, else the {@code classpath} key. */
    List<Path> classpath() {
        if (main.classpath == null || main.classpath.isBlank()) return config().classpath();
        List<Path> entries = new ArrayList<>();
        for (String part : main.classpath.split(Pattern.quote(File.pathSeparator) + "|,")) {
            if (!part.isBlank()) entries.add(main.workingDirectory.resolve(part.strip()).normalize());
        }
        return entries;
    }

    /** The configured database (--url, DATABASE_URL or the url key), or null when none is configured. */
    DatabaseUrl configuredUrl() {
        return Config.resolveDatabaseUrl(main.url, main.env, config(), main.workingDirectory);
    }

    DatabaseUrl url() {
        DatabaseUrl url = Config.resolveDatabaseUrl(main.url, main.env, config(), main.workingDirectory);
        if (url == null) {
            throw new ConfigException(config().file(), "url", null, "no database URL",
                    "Pass --url, set DATABASE_URL, or set url in " + DEFAULT_CONFIG + ".");
        }
        return url;
    }

    Database database(String command) {
        TableName version = TableName.parse(config().versionTable());
        TableName audit = TableName.parse(config().auditTable());
        Database db = Database.of(url(), version, audit, new ConnectionSettings("migrate " + command,
                config().networkTimeout(), config().lockWait()));
        Duration wait = main.connectWait != null ? main.connectWait : config().connectWait();
        if (wait.isZero()) return db;
        var err = main.spec.commandLine().getErr();
        return db.withConnectWait(wait, (attempt, pause, message) -> {
            err.println("Database not reachable yet (attempt " + attempt + ": " + message + "); trying again in "
                    + pause.toMillis() + " ms");
            err.flush();
        });
    }

    /**
     * A migrator for {@code --sql}, which never connects: the dialect comes from the URL when one is configured,
     * else PostgreSQL.
     */
    /**
     * The migrator of {@code --sql}: no connection; the SQL dialect as {@code --dialect} names it (no URL is read
     * then), else the configured database's, else PostgreSQL's.
     */
    Migrator offlineMigrator(String dialectName) {
        Dialect dialect;
        if (dialectName != null) {
            dialect = dialectName.equals("sqlite") ? new dev.migrate.db.SqliteDialect(null) : new PostgresDialect();
        } else {
            String raw = Config.resolveUrl(main.url, main.env, config());
            dialect = raw == null ? new PostgresDialect() : Dialect.of(url());
        }
        Database db = Database.offline(dialect, TableName.parse(config().versionTable()), TableName.parse(config().auditTable()));
        return new Migrator(project(), db, Settings.of(config()));
    }

    Migrator migrator(String command) {
        return new Migrator(project(), database(command), Settings.of(config()));
    }

    boolean stacktrace() {
        return main.stacktrace;
    }
}
