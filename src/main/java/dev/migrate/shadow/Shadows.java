package dev.migrate.shadow;

import dev.migrate.autogen.Scratchpad;
import dev.migrate.config.DatabaseUrl;
import dev.migrate.core.Database;
import dev.migrate.core.MigrationListener;
import dev.migrate.core.Migrator;
import dev.migrate.core.Project;
import dev.migrate.core.RunOptions;
import dev.migrate.core.Settings;
import dev.migrate.db.ConnectionSettings;
import dev.migrate.db.TableName;
import dev.migrate.graph.Plan;
import dev.migrate.graph.Step;
import dev.migrate.script.RevisionScript;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Scratch ("shadow") databases that migrate owns. On PostgreSQL each is {@code CREATE DATABASE
 * migrate_shadow_<epoch>_<random>} on the server of the configured URL, dropped by {@link #close()}; ones older than an
 * hour, left by a process that was killed, are swept when a new set starts. The revisions replayed to a set of
 * targets are kept as a template database {@code migrate_shadow_cache_<hash>}, keyed by the checksums of the revisions
 * it holds, so that the next run clones it (a file copy on the server) instead of replaying. On SQLite scratch
 * databases are temporary files, and the cache a file under {@code .migrate/cache}.
 */
public final class Shadows implements Scratchpad {

    /** Scratch databases older than this are left over from a process that did not clean up. */
    public static final Duration STALE = Duration.ofHours(1);
    /** How many cached replays a server keeps. */
    public static final int CACHE_SIZE = 3;
    static final String PREFIX = "migrate_shadow_";
    static final String CACHE_PREFIX = "migrate_shadow_cache_";
    private static final Pattern SCRATCH = Pattern.compile("migrate_shadow_(\\d+)_[0-9a-f]+");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Told whether a replay came from the cache, and how long it took: for the tests and for {@code --verbose}. */
    public interface Listener {
        Listener NONE = (targets, cached, took) -> { };

        void replayed(List<String> targets, boolean fromCache, java.time.Duration took);
    }

    private final DatabaseUrl server;
    private final Project project;
    private final TableName versionTable;
    private final TableName auditTable;
    private final Settings settings;
    private final Path cacheDirectory;
    private final boolean cache;
    private final Listener listener;
    private final List<Scratch> created = new ArrayList<>();
    private Path temporary;

    /**
     * @param server         a database on the server that hosts the scratch databases (the configured URL, or
     *                       {@code shadow_url}); for SQLite any SQLite URL
     * @param cacheDirectory where SQLite keeps cached replays; null for no cache
     */
    public Shadows(DatabaseUrl server, Project project, TableName versionTable, TableName auditTable, Settings settings,
                   Path cacheDirectory, boolean cache, Listener listener) {
        this.server = server;
        this.project = project;
        this.versionTable = versionTable;
        this.auditTable = auditTable;
        this.settings = settings;
        this.cacheDirectory = cacheDirectory;
        this.cache = cache;
        this.listener = listener;
        if (postgres()) sweep();
    }

    private boolean postgres() {
        return server.kind() == DatabaseUrl.Kind.POSTGRESQL;
    }

    private record Db(DatabaseUrl url, String name) implements Scratch {
    }

    @Override
    public Scratch empty() {
        if (!postgres()) return track(new Db(DatabaseUrl.sqliteFile(newFile()), null));
        String name = PREFIX + Instant.now().getEpochSecond() + "_" + random();
        admin("CREATE DATABASE " + quote(name));
        return track(new Db(server.withDatabase(name), name));
    }

    @Override
    public Scratch copy(Scratch of) {
        Db source = (Db) of;
        if (!postgres()) {
            Path file = newFile();
            copyFile(source.url().file(), file);
            return track(new Db(DatabaseUrl.sqliteFile(file), null));
        }
        String name = PREFIX + Instant.now().getEpochSecond() + "_" + random();
        cloneDatabase(source.name(), name);
        return track(new Db(server.withDatabase(name), name));
    }

    @Override
    public Scratch atRevisions(List<String> targets) {
        if (targets.equals(List.of("base"))) return empty();
        long t0 = System.nanoTime();
        Plan plan = project.graph().upgrade(List.of(), targets.size() == 1 ? targets.get(0) : String.join(" ", targets));
        String key = key(plan);
        if (cache && postgres()) {
            String cached = CACHE_PREFIX + key;
            if (exists(cached)) {
                String name = PREFIX + Instant.now().getEpochSecond() + "_" + random();
                cloneDatabase(cached, name);
                touch(cached);
                listener.replayed(targets, true, since(t0));
                return track(new Db(server.withDatabase(name), name));
            }
            Db replayed = (Db) replay(targets, t0);
            String building = cached + "_" + random();
            try {
                cloneDatabase(replayed.name(), building);
                admin("ALTER DATABASE " + quote(building) + " RENAME TO " + quote(cached));
                touch(cached);
                evict();
            } catch (RuntimeException e) {
                // Another process cached the same replay first: theirs serves as well.
                dropQuietly(building);
            }
            return replayed;
        }
        if (cache && !postgres() && cacheDirectory != null) {
            Path cachedFile = cacheDirectory.resolve("shadow-" + key + ".db");
            if (Files.isRegularFile(cachedFile)) {
                Path file = newFile();
                copyFile(cachedFile, file);
                listener.replayed(targets, true, since(t0));
                return track(new Db(DatabaseUrl.sqliteFile(file), null));
            }
            Db replayed = (Db) replay(targets, t0);
            try {
                Files.createDirectories(cacheDirectory);
                Path tmp = cacheDirectory.resolve("shadow-" + key + ".db." + random());
                Files.copy(replayed.url().file(), tmp);
                Files.move(tmp, cachedFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                // no cache this time
            }
            return replayed;
        }
        return replay(targets, t0);
    }

    private static java.time.Duration since(long t0) {
        return java.time.Duration.ofNanos(System.nanoTime() - t0);
    }

    /** A new scratch database with the revisions replayed through the normal upgrade path. */
    private Scratch replay(List<String> targets, long t0) {
        Scratch s = empty();
        Database db = Database.of(s.url(), versionTable, auditTable, new ConnectionSettings("migrate shadow",
                Database.DEFAULT_NETWORK_TIMEOUT, settings.lockWait()));
        new Migrator(project, db, settings).upgrade(targets.size() == 1 ? targets.get(0) : String.join(" ", targets),
                RunOptions.DEFAULT, MigrationListener.NONE);
        listener.replayed(targets, false, since(t0));
        return s;
    }

    /** The cache key: the revisions a replay runs, in order, with the checksums of their scripts. */
    private String key(Plan plan) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((versionTable + "\n" + auditTable + "\n").getBytes(StandardCharsets.UTF_8));
            for (Step step : plan.steps()) {
                RevisionScript script = project.script(step.revision().id());
                sha.update((step.revision().id() + ":" + (script == null ? "" : script.checksum()) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Scratch track(Scratch s) {
        created.add(s);
        return s;
    }

    @Override
    public void close() {
        for (Scratch s : created) {
            Db db = (Db) s;
            if (db.name() != null) dropQuietly(db.name());
            else deleteQuietly(db.url().file());
        }
        created.clear();
        if (temporary != null) {
            deleteTree(temporary);
            temporary = null;
        }
    }

    /** Drops every cached replay on the server (or in the cache directory). */
    public int dropCache() {
        if (!postgres()) {
            int n = 0;
            if (cacheDirectory == null || !Files.isDirectory(cacheDirectory)) return 0;
            try (Stream<Path> files = Files.list(cacheDirectory)) {
                for (Path p : files.filter(f -> f.getFileName().toString().startsWith("shadow-")).toList()) {
                    deleteQuietly(p);
                    n++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return n;
        }
        List<String> caches = databases(CACHE_PREFIX);
        for (String c : caches) dropQuietly(c);
        return caches.size();
    }

    // ---- PostgreSQL

    private void sweep() {
        long now = Instant.now().getEpochSecond();
        for (String name : databases(PREFIX)) {
            Matcher m = SCRATCH.matcher(name);
            if (m.matches() && now - Long.parseLong(m.group(1)) > STALE.toSeconds()) dropQuietly(name);
        }
    }

    private void evict() {
        List<String> caches = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT datname FROM pg_database WHERE datname LIKE 'migrate\\_shadow\\_cache\\_%' AND datname !~ '_[0-9a-f]{12}$' "
                        + "ORDER BY coalesce(shobj_description(oid, 'pg_database'), '') DESC, datname")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) caches.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new ShadowException("cannot list the cached scratch databases on " + server.redacted() + ": " + e.getMessage(), e);
        }
        for (int i = CACHE_SIZE; i < caches.size(); i++) dropQuietly(caches.get(i));
    }

    /** Marks a cached replay as just used (in its comment), so that the least recently used goes first. */
    private void touch(String cached) {
        try {
            admin("COMMENT ON DATABASE " + quote(cached) + " IS '" + Instant.now().toEpochMilli() + "'");
        } catch (RuntimeException ignored) {
            // dropped meanwhile by another process
        }
    }

    private boolean exists(String name) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new ShadowException("cannot read the databases of " + server.redacted() + ": " + e.getMessage(), e);
        }
    }

    private List<String> databases(String prefix) {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT datname FROM pg_database WHERE starts_with(datname, ?)")) {
            ps.setString(1, prefix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new ShadowException("cannot read the databases of " + server.redacted() + ": " + e.getMessage(), e);
        }
        return out;
    }

    private void cloneDatabase(String template, String name) {
        // CREATE DATABASE ... TEMPLATE needs the template to have no sessions; ours are closed, another process may
        // still be cloning it: try again briefly.
        for (int attempt = 0; ; attempt++) {
            try {
                admin("CREATE DATABASE " + quote(name) + " TEMPLATE " + quote(template));
                return;
            } catch (ShadowException e) {
                if (attempt >= 20 || !String.valueOf(e.getMessage()).contains("is being accessed by other users")) throw e;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void admin(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            String hint = "42501".equals(e.getSQLState())
                    ? " The user may not create databases: give it CREATEDB, or set shadow_url to a server where it may."
                    : "";
            throw new ShadowException("cannot prepare a scratch database on " + server.redacted() + " (" + sql.split(" TEMPLATE ")[0]
                    + "): " + e.getMessage() + "." + hint, e);
        }
    }

    private void dropQuietly(String name) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                ps.setString(1, name);
                ps.executeQuery().close();
            }
            st.execute("DROP DATABASE IF EXISTS " + quote(name));
        } catch (SQLException ignored) {
            // swept by a later run once it is an hour old
        }
    }

    private Connection connect() throws SQLException {
        java.util.Properties props = server.jdbcProperties();
        props.setProperty("ApplicationName", "migrate shadow");
        props.setProperty("connectTimeout", "30");
        return DriverManager.getConnection(server.jdbcUrl(), props);
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String random() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    // ---- SQLite files

    private Path newFile() {
        try {
            if (temporary == null) temporary = Files.createTempDirectory("migrate-shadow");
            return temporary.resolve("shadow-" + random() + ".db");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch database file: " + e.getMessage(), e);
        }
    }

    private static void copyFile(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy a scratch database: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            if (p != null) Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary file
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
