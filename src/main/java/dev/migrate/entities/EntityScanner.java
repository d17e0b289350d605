package dev.migrate.entities;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds the JPA classes on a class path (folders and jars) by their bytes, without loading them: a class whose
 * constant pool names {@code jakarta.persistence.Entity}, {@code Embeddable}, {@code MappedSuperclass} or
 * {@code Converter} as a type descriptor is one (a descriptor appears for an annotation, never as a field's type).
 */
public final class EntityScanner {

    private static final List<byte[]> MARKERS = List.of(bytes("Ljakarta/persistence/Entity;"), bytes("Ljakarta/persistence/Embeddable;"),
            bytes("Ljakarta/persistence/MappedSuperclass;"), bytes("Ljakarta/persistence/Converter;"));

    private EntityScanner() {
    }

    /** The JPA classes' names, sorted, in {@code packages} (and their subpackages; all when empty). */
    public static List<String> scan(List<Path> classpath, List<String> packages) {
        TreeSet<String> found = new TreeSet<>();
        for (Path entry : classpath) {
            try {
                if (Files.isDirectory(entry)) {
                    try (Stream<Path> walk = Files.walk(entry)) {
                        for (Path f : walk.filter(p -> p.toString().endsWith(".class")).toList()) {
                            String name = entry.relativize(f).toString().replace('\\', '/');
                            consider(name, Files.readAllBytes(f), packages, found);
                        }
                    }
                } else if (Files.isRegularFile(entry)) {
                    try (ZipFile zip = new ZipFile(entry.toFile())) {
                        Enumeration<? extends ZipEntry> entries = zip.entries();
                        while (entries.hasMoreElements()) {
                            ZipEntry e = entries.nextElement();
                            String name = e.getName();
                            if (!name.endsWith(".class")) continue;
                            if (name.startsWith("BOOT-INF/classes/")) name = name.substring("BOOT-INF/classes/".length());
                            else if (name.startsWith("BOOT-INF/") || name.startsWith("META-INF/")) continue;
                            try (InputStream in = zip.getInputStream(e)) {
                                consider(name, in.readAllBytes(), packages, found);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new EntityException("Cannot read " + entry + " to find the entities: " + e.getMessage() + ". Check the classpath key.", e);
            }
        }
        return new ArrayList<>(found);
    }

    private static void consider(String path, byte[] bytes, List<String> packages, TreeSet<String> found) {
        String className = path.substring(0, path.length() - ".class".length()).replace('/', '.');
        if (className.endsWith("module-info") || className.endsWith("package-info")) return;
        if (!packages.isEmpty() && packages.stream().noneMatch(p -> className.startsWith(p + "."))) return;
        for (byte[] marker : MARKERS) {
            if (contains(bytes, marker)) {
                found.add(className);
                return;
            }
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) continue outer;
            }
            return true;
        }
        return false;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
