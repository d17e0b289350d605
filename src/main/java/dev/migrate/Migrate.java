package dev.migrate;

import dev.migrate.catalog.Catalog;
import dev.migrate.catalog.CatalogReader;
import dev.migrate.config.Config;
import dev.migrate.config.DatabaseUrl;
import dev.migrate.core.Check;
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
import dev.migrate.script.ClasspathLocation;
import dev.migrate.script.JavaRevisionLoader;
import dev.migrate.script.RevisionScript;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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

    /**
     * Everything but the database: where the revisions are (a directory holding {@code versions/}, or a class-path
     * folder read through {@code loader}), the version table, the settings, the class path of Java revisions, the
     * listener.
     */
    private record Setup(Path scriptLocation, String classpathLocation, ClassLoader loader, String versionTable,
                         Settings settings, List<Path> classpath, MigrationListener listener) {
    }

    private final DataSource dataSource;
    private final DatabaseUrl url;
    private final Setup setup;

    private Migrate(DataSource dataSource, DatabaseUrl url, Setup setup) {
        this.dataSource = dataSource;
        this.url = url;
        this.setup = setup;
    }

    private static Setup defaults() {
        return new Setup(Path.of(Config.DEFAULT_SCRIPT_LOCATION), null, null, Config.DEFAULT_VERSION_TABLE,
                Settings.defaults(), List.of(), MigrationListener.NONE);
    }

    private Migrate with(Setup s) {
        return new Migrate(dataSource, url, s);
    }

    /** The database behind the application's own {@code DataSource} (PostgreSQL or SQLite). */
    public static Migrate at(DataSource dataSource) {
        return new Migrate(Objects.requireNonNull(dataSource), null, defaults());
    }

    /** A database URL in any form the CLI accepts ({@code postgres://…}, {@code jdbc:postgresql://…}, {@code sqlite:…}). */
    public static Migrate at(String url) {
        return new Migrate(null, DatabaseUrl.parse(url, Path.of("")), defaults());
    }

    /** Everything from a migrate.yaml, the URL resolved as the CLI does ({@code DATABASE_URL}, then {@code url}). */
    public static Migrate fromConfig(Path file) {
        Map<String, String> env = System.getenv();
        Config c = Config.load(file, env);
        DatabaseUrl u = Config.resolveDatabaseUrl(null, env, c, Path.of(""));
        if (u == null) throw new IllegalArgumentException(file + " has no url, and DATABASE_URL is not set");
        return new Migrate(null, u, new Setup(c.scriptLocation(), null, null, c.versionTable(), Settings.of(c), c.classpath(),
                MigrationListener.NONE));
    }

    /** Where the scripts are: {@code <scriptLocation>/versions}. Default {@code migrations}. */
    public Migrate scripts(Path scriptLocation) {
        Setup s = setup;
        return with(new Setup(Objects.requireNonNull(scriptLocation), null, null, s.versionTable(), s.settings(), s.classpath(), s.listener()));
    }

    /**
     * Where the scripts are, as a directory ({@code migrations}, holding {@code versions/}) or as a folder of the
     * class path that holds the revisions themselves: {@code classpath:db/revisions}, the SQL scripts and compiled
     * {@code @Revision} classes an application carries in its jar (a Spring Boot jar too), read through the thread's
     * context class loader unless {@link #classLoader} says otherwise.
     */
    public Migrate scripts(String location) {
        if (!ClasspathLocation.is(location)) return scripts(Path.of(location));
        Setup s = setup;
        return with(new Setup(null, location, s.loader(), s.versionTable(), s.settings(), s.classpath(), s.listener()));
    }

    /** The class loader a {@code classpath:} location is read through. */
    public Migrate classLoader(ClassLoader loader) {
        Setup s = setup;
        return with(new Setup(s.scriptLocation(), s.classpathLocation(), Objects.requireNonNull(loader), s.versionTable(), s.settings(),
                s.classpath(), s.listener()));
    }

    /** The version table (default {@code migrate_version}); the audit table is {@code <name>_audit}. */
    public Migrate versionTable(String name) {
        Setup s = setup;
        return with(new Setup(s.scriptLocation(), s.classpathLocation(), s.loader(), name, s.settings(), s.classpath(), s.listener()));
    }

    /** How long to wait for another process holding the migration lock. */
    public Migrate lockWait(Duration wait) {
        Settings t = setup.settings();
        return settings(new Settings(wait, t.lockTimeout(), t.statementTimeout(), t.lockRetries(), t.concurrentLockTimeout()));
    }

    public Migrate settings(Settings settings) {
        Setup s = setup;
        return with(new Setup(s.scriptLocation(), s.classpathLocation(), s.loader(), s.versionTable(), settings, s.classpath(), s.listener()));
    }

    /** Jars and directories holding compiled Java revisions. */
    public Migrate classpath(List<Path> entries) {
        Setup s = setup;
        return with(new Setup(s.scriptLocation(), s.classpathLocation(), s.loader(), s.versionTable(), s.settings(), List.copyOf(entries),
                s.listener()));
    }

    /** Told about each step as it runs. */
    public Migrate listener(MigrationListener listener) {
        Setup s = setup;
        return with(new Setup(s.scriptLocation(), s.classpathLocation(), s.loader(), s.versionTable(), s.settings(), s.classpath(), listener));
    }

    public RunResult upgrade(String target) {
        return migrator().upgrade(target, RunOptions.DEFAULT, setup.listener());
    }

    public RunResult downgrade(String target) {
        return migrator().downgrade(target, RunOptions.DEFAULT, setup.listener());
    }

    public RunResult stamp(String... targets) {
        return migrator().stamp(List.of(targets), false, setup.listener());
    }

    /** The heads recorded in the database; empty for a new database. */
    public List<String> current() {
        return migrator().current();
    }

    /** The revisions of the scripts, newest first. */
    public List<Revision> history() {
        return project().graph().walk("base", "heads");
    }

    /** The heads of the scripts (not of the database: see {@link #current()}); more than one means unmerged branches. */
    public List<String> heads() {
        return project().graph().heads();
    }

    /** The script of a revision, when one defines it. */
    public Optional<RevisionScript> script(String revision) {
        return Optional.ofNullable(project().script(revision));
    }

    /** The revisions {@code upgrade heads} would apply now. */
    public Plan pending() {
        return migrator().pending("heads");
    }

    /**
     * What {@code migrate check} reports: pending revisions, several heads, changed scripts, unknown revisions,
     * revisions stopped part-way. {@link Check#ok()} when the database is at the one head and nothing is amiss.
     */
    public Check check() {
        return Check.of(migrator());
    }

    /** The database checked against the scripts: unknown revisions, changed scripts, revisions stopped part-way. */
    public DatabaseState state() {
        return migrator().state();
    }

    /** The audit log, oldest first. */
    public List<AuditEntry> auditLog() {
        return migrator().auditLog();
    }

    /** The audit log's last {@code limit} rows, oldest first: only those leave the database. */
    public List<AuditEntry> auditLog(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be 1 or more");
        List<AuditEntry> newestFirst = new java.util.ArrayList<>(migrator().auditLog(null, limit));
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    /** The SQL script {@code upgrade target} would run on an empty database. Touches no database. */
    public String upgradeSql(String target) {
        return migrator().offlineUpgrade("base", target);
    }

    private Project project() {
        List<Path> dirs = setup.scriptLocation() == null ? List.of() : List.of(setup.scriptLocation().resolve("versions"));
        List<ClasspathLocation> packed = setup.classpathLocation() == null ? List.of()
                : List.of(ClasspathLocation.of(setup.classpathLocation(), loader()));
        return Project.load(dirs, packed, new JavaRevisionLoader(null, setup.classpath(), JavaRevisionLoader.Listener.NONE));
    }

    private ClassLoader loader() {
        if (setup.loader() != null) return setup.loader();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Migrate.class.getClassLoader();
    }

    /**
     * Work on a connection of this database, its own (auto-commit, without the migration lock): for tests and tools
     * that seed the database or read it.
     */
    public <T> T withConnection(Database.Work<T> work) {
        return database().read(work);
    }

    /** {@code postgresql} or {@code sqlite}. */
    public String dialect() {
        return database().dialect().name();
    }

    /**
     * The schema as migrate's catalog reads it (on PostgreSQL the current schema), without the version and audit
     * tables: two readings compare with {@link dev.migrate.diff.Differ#diff}, as {@code lint --roundtrip} does.
     */
    public Catalog schema() {
        Database db = database();
        return db.read(c -> {
            List<String> schemas = List.of();
            if (db.dialect().name().equals("postgresql")) {
                try (var st = c.createStatement(); var rs = st.executeQuery("SELECT current_schema()")) {
                    schemas = rs.next() && rs.getString(1) != null ? List.of(rs.getString(1)) : List.of("public");
                }
            }
            return CatalogReader.of(db.dialect().name()).read(c, schemas,
                    List.of(db.store().versionTable().name(), db.store().auditTable().name()));
        });
    }

    private Database database() {
        TableName version = TableName.parse(setup.versionTable());
        TableName audit = version.sibling(version.name() + "_audit");
        return dataSource != null
                ? Database.of(dataSource, Dialect.detect(dataSource), version, audit)
                : Database.of(url, version, audit, new dev.migrate.db.ConnectionSettings("migrate (library)",
                        Database.DEFAULT_NETWORK_TIMEOUT, setup.settings().lockWait()));
    }

    private Migrator migrator() {
        return new Migrator(project(), database(), setup.settings());
    }
}
