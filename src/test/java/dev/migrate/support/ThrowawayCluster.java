package dev.migrate.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of a test's own: {@code initdb} into a temporary directory, started on a free port of
 * 127.0.0.1 with the settings the test needs (an idle-session timeout, password rules), stopped and deleted at the
 * end. For tests that must not change the shared server's configuration. As root (CI), initdb and the server run as
 * the {@code postgres} operating-system user, which they require.
 */
public final class ThrowawayCluster implements AutoCloseable {

    private final Path dir;
    private final Path data;
    private final Path bin;
    private final int port;
    private volatile boolean running;

    private ThrowawayCluster(Path dir, Path bin, int port) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.bin = bin;
        this.port = port;
    }

    /** A cluster with trust authentication on 127.0.0.1 and these {@code postgresql.conf} settings. */
    public static ThrowawayCluster start(Map<String, String> settings) {
        return start(settings, List.of());
    }

    /**
     * A cluster with these settings, and these {@code pg_hba.conf} lines in front of the default ones (trust for
     * everyone on 127.0.0.1 and the local socket).
     */
    public static ThrowawayCluster start(Map<String, String> settings, List<String> hbaLines) {
        try {
            return start(binaries(), settings, hbaLines);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a throw-away PostgreSQL cluster: " + e.getMessage(), e);
        }
    }

    /** A cluster of the server binaries in {@code bin} (another PostgreSQL version). */
    public static ThrowawayCluster start(Path bin, Map<String, String> settings, List<String> hbaLines) {
        try {
            Path dir = Files.createTempDirectory("migrate-pg");
            ThrowawayCluster c = new ThrowawayCluster(dir, bin, freePort());
            c.init(settings, hbaLines);
            c.startServer();
            Runtime.getRuntime().addShutdownHook(new Thread(c::close));
            return c;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a throw-away PostgreSQL cluster: " + e.getMessage(), e);
        }
    }

    public int port() { return port; }

    /** A {@code postgres://} URL of database {@code db} as the superuser. */
    public String url(String db) {
        return "postgres://postgres@127.0.0.1:" + port + "/" + db;
    }

    /** Creates a new empty database and returns its URL. */
    public String createDatabase() {
        String name = "t" + System.nanoTime();
        execute("CREATE DATABASE " + name);
        return url(name);
    }

    /** Runs SQL as the superuser in database {@code postgres}. */
    public void execute(String sql) {
        try (Connection c = PostgresServer.connect(url("postgres")); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server quickly and deletes its files. Never leaves a server running. */
    @Override
    public synchronized void close() {
        if (running) {
            try {
                pgCtl("stop", "-m", "immediate", "-w", "-t", "30");
            } catch (IOException | RuntimeException e) {
                // fall through to delete: a server without its directory stops on its own
            }
            running = false;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }

    private void init(Map<String, String> settings, List<String> hbaLines) throws IOException {
        chownToPostgres(dir);
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
                "--no-sync", "-E", "UTF8", "--locale=C"));
        StringBuilder conf = new StringBuilder("\nlisten_addresses = '127.0.0.1'\nport = " + port
                + "\nunix_socket_directories = '" + dir + "'\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                + "max_connections = 50\nshared_buffers = 16MB\n");
        settings.forEach((k, v) -> conf.append(k).append(" = '").append(v.replace("'", "''")).append("'\n"));
        Files.writeString(data.resolve("postgresql.conf"), conf, java.nio.file.StandardOpenOption.APPEND);
        List<String> hba = new ArrayList<>(hbaLines);
        hba.add("local all all trust");
        hba.add("host all all 127.0.0.1/32 trust");
        Files.writeString(data.resolve("pg_hba.conf"), String.join("\n", hba) + "\n");
    }

    private void startServer() throws IOException {
        pgCtl("start", "-w", "-t", "60", "-l", dir.resolve("server.log").toString());
        running = true;
    }

    private void pgCtl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString()));
        cmd.addAll(List.of(args));
        run(cmd);
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void chownToPostgres(Path p) throws IOException {
        if (root()) run0(List.of("chown", "postgres:postgres", p.toString()));
    }

    /** Runs as the postgres user when this process is root. */
    private static void run(List<String> cmd) throws IOException {
        List<String> full = new ArrayList<>();
        if (root()) full.addAll(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(cmd);
        run0(full);
    }

    private static void run0(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The newest PostgreSQL server binaries installed here. */
    static Path binaries() throws IOException {
        Path base = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(base)) {
            try (Stream<Path> versions = Files.list(base)) {
                Path best = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", "0"))))
                        .orElse(null);
                if (best != null) return best.resolve("bin");
            }
        }
        throw new IOException("no PostgreSQL server binaries (initdb) under /usr/lib/postgresql");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
