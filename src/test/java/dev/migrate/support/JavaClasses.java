package dev.migrate.support;

import dev.migrate.api.Migration;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Compiles Java sources with javac, as a build would, for revisions given to migrate through the class path. */
public final class JavaClasses {
    private JavaClasses() { }

    /**
     * Compiles {@code sources} (path relative to a source root, e.g. {@code com/example/AddAvatar.java}, to content)
     * into {@code outputDir}, against migrate's own classes; the sources are deleted afterwards.
     */
    public static Path compile(Path outputDir, Map<String, String> sources) {
        try {
            Files.createDirectories(outputDir);
            Path src = Files.createTempDirectory("migrate-test-sources");
            List<String> args = new ArrayList<>(List.of("-d", outputDir.toString(), "-cp", toolClasses().toString(), "-proc:none"));
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path file = src.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                args.add(file.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = javac.run(null, OutputStream.nullOutputStream(), err, args.toArray(String[]::new));
            if (rc != 0) throw new AssertionError("javac failed: " + err.toString(StandardCharsets.UTF_8));
            try (Stream<Path> written = Files.walk(src)) {
                for (Path p : written.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
            return outputDir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A jar of every file under {@code classesDir}. */
    public static Path jar(Path classesDir, Path jarFile) {
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(jarFile));
             Stream<Path> files = Files.walk(classesDir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(new JarEntry(classesDir.relativize(f).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(f));
                jar.closeEntry();
            }
            return jarFile;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path toolClasses() {
        try {
            return Path.of(Migration.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
