package dev.migrate;

import dev.migrate.config.Config;
import dev.migrate.config.DatabaseUrl;
import dev.migrate.core.Database;
import dev.migrate.core.DatabaseState;
import dev.migrate.core.MigrationListener;
import dev.migrate.core.Migrator;
import dev.migrate.core.Project;
import dev.migrate.core.RunOptions;
import dev.migrate.core.RunResult;
import dev.migrate.core.Settings;
import dev.migrate.db.AuditEntry;
import dev.migrate.db.Dialect;
import dev.migrate.db.TableName;
import dev.migrate.graph.Plan;
import dev.migrate.graph.Revision;
import dev.migrate.script.JavaRevisionLoader;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * migrate as a library: the commands of the CLI on a {@link DataSource} or a URL, returning results and never
 * printing. Immutable: each {@code with}-style method returns a new instance. For an application's test suite:
 *
 * <pre>{@code
 * Migrate.at(dataSource).scripts(Path.of("migrations")).upgrade("head");
 * RunResult r = Migrate.at("postgres://app:secret@localhost:5432/app_test").upgrade("head");
 * }</pre>
 *
 * Every call that writes takes the same migration lock as the CLI, so tests running in parallel JVMs against one
 * database do not apply a revision twice.
 */
public final class Migrate {

    private final DataSource dataSource;
    private final DatabaseUrl url;
    private final Path scriptLocation;
    private final String versionTable;
    private final Settings settings;
    private final List<Path> classpath;
    private final MigrationListener listener;

    private Migrate(DataSource dataSource, DatabaseUrl url, Path scriptLocation, String versionTable, Settings settings,
                    List<Path> classpath, MigrationListener listener) {
        this.dataSource = dataSource;
        this.url = url;
        this.scriptLocation = scriptLocation;
        this.versionTable = versionTable;
        this.settings = settings;
        this.classpath = classpath;
        this.listener = listener;
    }

    /** The database behind the application's own {@code DataSource} (PostgreSQL or SQLite). */
    public static Migrate at(DataSource dataSource) {
        return new Migrate(Objects.requireNonNull(dataSource), null, Path.of(Config.DEFAULT_SCRIPT_LOCATION),
                Config.DEFAULT_VERSION_TABLE, Settings.defaults(), List.of(), MigrationListener.NONE);
    }

    /** A database URL in any form the CLI accepts ({@code postgres://…}, {@code jdbc:postgresql://…}, {@code sqlite:…}). */
    public static Migrate at(String url) {
        return new Migrate(null, DatabaseUrl.parse(url, Path.of("")), Path.of(Config.DEFAULT_SCRIPT_LOCATION),
                Config.DEFAULT_VERSION_TABLE, Settings.defaults(), List.of(), MigrationListener.NONE);
    }

    /** Everything from a migrate.yaml, the URL resolved as the CLI does ({@code DATABASE_URL}, then {@code url}). */
    public static Migrate fromConfig(Path file) {
        Map<String, String> env = System.getenv();
        Config c = Config.load(file, env);
        DatabaseUrl u = Config.resolveDatabaseUrl(null, env, c, Path.of(""));
        if (u == null) throw new IllegalArgumentException(file + " has no url, and DATABASE_URL is not set");
        return new Migrate(null, u, c.scriptLocation(), c.versionTable(), Settings.of(c), c.classpath(), MigrationListener.NONE);
    }

    /** Where the scripts are: {@code <scriptLocation>/versions}. Default {@code migrations}. */
    public Migrate scripts(Path scriptLocation) {
        return new Migrate(dataSource, url, scriptLocation, versionTable, settings, classpath, listener);
    }

    /** The version table (default {@code migrate_version}); the audit table is {@code <name>_audit}. */
    public Migrate versionTable(String name) {
        return new Migrate(dataSource, url, scriptLocation, name, settings, classpath, listener);
    }

    /** How long to wait for another process holding the migration lock. */
    public Migrate lockWait(Duration wait) {
        return settings(new Settings(wait, settings.lockTimeout(), settings.statementTimeout(), settings.lockRetries()));
    }

    public Migrate settings(Settings settings) {
        return new Migrate(dataSource, url, scriptLocation, versionTable, settings, classpath, listener);
    }

    /** Jars and directories holding compiled Java revisions. */
    public Migrate classpath(List<Path> entries) {
        return new Migrate(dataSource, url, scriptLocation, versionTable, settings, List.copyOf(entries), listener);
    }

    /** Told about each step as it runs. */
    public Migrate listener(MigrationListener listener) {
        return new Migrate(dataSource, url, scriptLocation, versionTable, settings, classpath, listener);
    }

    public RunResult upgrade(String target) {
        return migrator().upgrade(target, RunOptions.DEFAULT, listener);
    }

    public RunResult downgrade(String target) {
        return migrator().downgrade(target, RunOptions.DEFAULT, listener);
    }

    public RunResult stamp(String... targets) {
        return migrator().stamp(List.of(targets), false, listener);
    }

    /** The heads recorded in the database; empty for a new database. */
    public List<String> current() {
        return migrator().current();
    }

    /** The revisions of the scripts, newest first. */
    public List<Revision> history() {
        return project().graph().walk("base", "heads");
    }

    /** The revisions {@code upgrade heads} would apply now. */
    public Plan pending() {
        return migrator().pending("heads");
    }

    /** The database checked against the scripts: unknown revisions, changed scripts, revisions stopped part-way. */
    public DatabaseState state() {
        return migrator().state();
    }

    /** The audit log, oldest first. */
    public List<AuditEntry> auditLog() {
        return migrator().auditLog();
    }

    /** The SQL script {@code upgrade target} would run on an empty database. Touches no database. */
    public String upgradeSql(String target) {
        return migrator().offlineUpgrade("base", target);
    }

    private Project project() {
        return Project.load(List.of(scriptLocation.resolve("versions")),
                new JavaRevisionLoader(null, classpath, JavaRevisionLoader.Listener.NONE));
    }

    private Migrator migrator() {
        TableName version = TableName.parse(versionTable);
        TableName audit = version.sibling(version.name() + "_audit");
        Database db = dataSource != null
                ? Database.of(dataSource, Dialect.detect(dataSource), version, audit)
                : Database.of(url, version, audit, new dev.migrate.db.ConnectionSettings("migrate (library)",
                        Database.DEFAULT_NETWORK_TIMEOUT, settings.lockWait()));
        return new Migrator(project(), db, settings);
    }
}
