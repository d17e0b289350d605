package dev.migrate.support;

import dev.migrate.api.Migration;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
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
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.stream.Stream;

/** Compiles Java sources with javac, as a build would, for revisions given to migrate through the class path. */
public final class JavaClasses {
    private JavaClasses() { }

    /**
     * Compiles {@code sources} (path relative to a source root, e.g. {@code com/example/AddAvatar.java}, to content)
     * into {@code outputDir}, against migrate's own classes; the sources are deleted afterwards.
     */
    public static Path compile(Path outputDir, Map<String, String> sources) {
        return compile(outputDir, sources, List.of());
    }

    /** As {@link #compile(Path, Map)}, against {@code classpath} (jars or class directories) too. */
    public static Path compile(Path outputDir, Map<String, String> sources, List<Path> classpath) {
        try {
            Files.createDirectories(outputDir);
            Path src = Files.createTempDirectory("migrate-test-sources");
            StringBuilder cp = new StringBuilder(toolClasses().toString());
            for (Path p : classpath) cp.append(File.pathSeparator).append(p);
            List<String> args = new ArrayList<>(List.of("-d", outputDir.toString(), "-cp", cp.toString(), "-proc:none"));
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

    /**
     * A jar in the layout of a Spring Boot executable jar: a manifest naming Boot's launcher, the files under
     * {@code launcherDir} at the root (standing for {@code org/springframework/boot/loader/...}), those under
     * {@code classesDir} under {@code BOOT-INF/classes/}, and {@code libs} nested under {@code BOOT-INF/lib/},
     * stored uncompressed as Spring Boot stores them.
     */
    public static Path bootJar(Path jarFile, Path classesDir, Path launcherDir, List<Path> libs) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "org.springframework.boot.loader.launch.JarLauncher");
        manifest.getMainAttributes().putValue("Start-Class", "com.example.Application");
        manifest.getMainAttributes().putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
        manifest.getMainAttributes().putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(jarFile), manifest)) {
            addTree(jar, launcherDir, "");
            addTree(jar, classesDir, "BOOT-INF/classes/");
            for (Path lib : libs) {
                byte[] bytes = Files.readAllBytes(lib);
                JarEntry entry = new JarEntry("BOOT-INF/lib/" + lib.getFileName());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(bytes.length);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                entry.setCrc(crc.getValue());
                jar.putNextEntry(entry);
                jar.write(bytes);
                jar.closeEntry();
            }
            return jarFile;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addTree(JarOutputStream jar, Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(new JarEntry(prefix + dir.relativize(f).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(f));
                jar.closeEntry();
            }
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
