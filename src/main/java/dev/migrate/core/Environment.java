package dev.migrate.core;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who and where we run, for the audit log. Looked up once; no reverse DNS on the hot path. */
final class Environment {
    private static String host;

    private Environment() { }

    static String osUser() {
        return System.getProperty("user.name");
    }

    static synchronized String host() {
        if (host == null) host = lookUpHost();
        return host;
    }

    private static String lookUpHost() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) return env;
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException ex) {
                return "unknown";
            }
        }
    }
}
