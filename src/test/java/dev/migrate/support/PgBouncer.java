package dev.migrate.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real PgBouncer (Debian's package; .ci/run installs it) in front of a PostgreSQL server, on a free port of
 * 127.0.0.1, in {@code session} or {@code transaction} pooling mode, with trust authentication. As root it runs as the
 * {@code postgres} user (PgBouncer refuses root).
 */
public final class PgBouncer implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final Process process;

    private PgBouncer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Starts PgBouncer on a free port, forwarding every database to {@code host:serverPort}. */
    public static PgBouncer start(String poolMode, String host, int serverPort, int poolSize) {
        try {
            Path dir = Files.createTempDirectory("migrate-pgbouncer");
            int port = ThrowawayCluster.freePort();
            Files.writeString(dir.resolve("users.txt"), "\"postgres\" \"\"\n");
            Files.writeString(dir.resolve("pgbouncer.ini"), "[databases]\n* = host=" + host + " port=" + serverPort + "\n\n"
                    + "[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = " + port + "\nunix_socket_dir =\n"
                    + "auth_type = trust\nauth_file = " + dir.resolve("users.txt") + "\npool_mode = " + poolMode + "\n"
                    + "max_client_conn = 100\ndefault_pool_size = " + poolSize + "\n"
                    + "ignore_startup_parameters = extra_float_digits,options\n"
                    + "logfile = " + dir.resolve("pgbouncer.log") + "\npidfile = " + dir.resolve("pgbouncer.pid") + "\n");
            List<String> cmd = new ArrayList<>();
            if ("root".equals(System.getProperty("user.name"))) {
                new ProcessBuilder("chown", "-R", "postgres:postgres", dir.toString()).start().waitFor();
                cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
            }
            cmd.addAll(List.of(executable(), dir.resolve("pgbouncer.ini").toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
            PgBouncer b = new PgBouncer(dir, port, p);
            Runtime.getRuntime().addShutdownHook(new Thread(b::close));
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (true) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return b;
                } catch (IOException e) {
                    if (!p.isAlive() || System.nanoTime() > deadline) {
                        b.close();
                        throw new IllegalStateException("PgBouncer did not start: " + Files.readString(dir.resolve("stdout.log")));
                    }
                    Thread.sleep(50);
                }
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot start PgBouncer: " + e.getMessage(), e);
        }
    }

    private static String executable() {
        for (String p : List.of("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer", "/usr/local/bin/pgbouncer")) {
            if (Files.isExecutable(Path.of(p))) return p;
        }
        throw new IllegalStateException("PgBouncer is not installed (Debian: apt-get install pgbouncer; .ci/run does this)");
    }

    public int port() { return port; }

    /** A {@code postgres://} URL of {@code db} through this PgBouncer. */
    public String url(String db) {
        return "postgres://postgres@127.0.0.1:" + port + "/" + db;
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
