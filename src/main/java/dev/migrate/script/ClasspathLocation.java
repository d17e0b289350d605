package dev.migrate.script;

import dev.migrate.api.Revision;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Revisions packed with an application: the SQL scripts and the compiled {@link Revision @Revision} classes in one
 * folder of a class loader's resources, {@code classpath:db/revisions}: a directory of classes, a jar, or a Spring Boot
 * executable jar (whose resources live under {@code BOOT-INF/classes/}), read through the loader without extracting
 * anything. The folder's direct children are the revisions, as in a version location on disk; where two entries of
 * the class path hold the same name, the first wins, as the loader's own lookup does.
 *
 * <p>A revision read from here is named {@code classpath:db/revisions/<file>} in every message.
 *
 * @param folder the folder, {@code db/revisions}, without the prefix or a leading or trailing slash
 */
public record ClasspathLocation(String folder, ClassLoader loader) {

    public static final String PREFIX = "classpath:";

    /** Whether a configured location names the class path ({@code classpath:...}) rather than a directory. */
    public static boolean is(String location) {
        return location != null && location.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /** {@code classpath:db/revisions} (or {@code classpath:/db/revisions/}) read through {@code loader}. */
    public static ClasspathLocation of(String location, ClassLoader loader) {
        String folder = location.substring(PREFIX.length()).strip().replace('\\', '/');
        while (folder.startsWith("/")) folder = folder.substring(1);
        while (folder.endsWith("/")) folder = folder.substring(0, folder.length() - 1);
        if (folder.isEmpty()) {
            throw new ScriptException(Path.of(location), null, "a class-path location needs a folder",
                    "Name the folder that holds the revisions, e.g. classpath:db/revisions");
        }
        return new ClasspathLocation(folder, loader);
    }

    @Override
    public String toString() {
        return PREFIX + folder;
    }

    private Path name(String file) {
        return Path.of(PREFIX + folder + "/" + file);
    }

    /** One file of the folder, read on demand. */
    private interface Entry {
        byte[] read() throws IOException;
    }

    /**
     * The revisions of the folder: each SQL script parsed, each class carrying {@code @Revision} loaded without being
     * initialised, in the order of their file names.
     *
     * @throws ScriptException when the folder is on no entry of the class path, or a file in it is not a valid revision
     */
    public List<RevisionScript> load() {
        Map<String, Entry> files = new TreeMap<>();
        try {
            Enumeration<URL> urls = loader.getResources(folder);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                list(url).forEach(files::putIfAbsent);
            }
            if (files.isEmpty()) {
                for (Path jar : plainJars()) listJar(new JarFile(jar.toFile()), folder + "/", true).forEach(files::putIfAbsent);
            }
            if (files.isEmpty()) {
                throw new ScriptException(Path.of(toString()), null, "no such folder on the class path",
                        "Put the revision scripts under src/main/resources/" + folder + " (Maven, Gradle), or give the folder that holds them");
            }
        } catch (IOException e) {
            throw new ScriptException(Path.of(toString()), null, "the class path cannot be read (" + e + ")", "Check the application's jars", e);
        }
        List<RevisionScript> out = new ArrayList<>();
        for (Map.Entry<String, Entry> f : files.entrySet()) {
            String file = f.getKey();
            String lower = file.toLowerCase(java.util.Locale.ROOT);
            if (lower.endsWith(".sql")) {
                out.add(ScriptLoader.parse(name(file), new String(bytes(file, f.getValue()), StandardCharsets.UTF_8)));
            } else if (lower.endsWith(".java")) {
                throw new ScriptException(name(file), null, "a Java revision's source on the class path is not compiled",
                        "Compile it with the application: its class, in package " + folder.replace('/', '.') + ", is found here");
            } else if (lower.endsWith(".class") && !file.contains("$")) {
                byte[] bytes = bytes(file, f.getValue());
                if (!JavaRevisionLoader.mentionsRevision(bytes)) continue;
                String binaryName = folder.replace('/', '.') + "." + file.substring(0, file.length() - ".class".length());
                JavaRevisionLoader.revision(new JavaRevisionLoader.ClassFile(name(file), binaryName, bytes), loader,
                        "Check that the jars it needs are on the application's class path").ifPresent(out::add);
            }
        }
        return List.copyOf(out);
    }

    private byte[] bytes(String file, Entry entry) {
        try {
            return entry.read();
        } catch (IOException e) {
            throw new ScriptException(name(file), null, "cannot be read (" + e + ")", "Check the application's jars", e);
        }
    }

    /** The files directly in the folder at {@code url}: a directory, or a folder of a jar (nested ones included). */
    private Map<String, Entry> list(URL url) throws IOException {
        Map<String, Entry> out = new TreeMap<>();
        if ("file".equals(url.getProtocol())) {
            Path dir;
            try {
                dir = Path.of(url.toURI());
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new IOException("not a directory: " + url, e);
            }
            try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir)) {
                for (Path p : listing) {
                    String name = p.getFileName().toString();
                    if (!name.startsWith(".") && Files.isRegularFile(p)) out.put(name, () -> Files.readAllBytes(p));
                }
            }
            return out;
        }
        URLConnection connection = url.openConnection();
        if (!(connection instanceof JarURLConnection jarConnection)) {
            throw new IOException("cannot list " + url + " (neither a directory nor a jar)");
        }
        // The jar is the loader's own (cached, shared): read from it, never closed here.
        String prefix = jarConnection.getEntryName() == null ? "" : jarConnection.getEntryName();
        return listJar(jarConnection.getJarFile(), prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/", false);
    }

    /**
     * The jars of the loader and its parents that are plain files of a {@link URLClassLoader} or of the JVM's own
     * class path: where a jar has no directory entries, the loader cannot find the folder, though its files are there.
     */
    private List<Path> plainJars() {
        List<Path> out = new ArrayList<>();
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    if (!"file".equals(url.getProtocol())) continue;
                    try {
                        Path p = Path.of(url.toURI());
                        if (Files.isRegularFile(p)) out.add(p);
                    } catch (URISyntaxException | IllegalArgumentException notAFile) {
                        // not a plain jar
                    }
                }
            }
        }
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry))) out.add(Path.of(entry));
        }
        return out;
    }

    /** The files directly under {@code prefix} in the jar; a jar opened here for the purpose is read whole and closed. */
    private static Map<String, Entry> listJar(JarFile jar, String prefix, boolean own) throws IOException {
        Map<String, Entry> out = new TreeMap<>();
        try {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                String n = entry.getName();
                if (entry.isDirectory() || !n.startsWith(prefix)) continue;
                String name = n.substring(prefix.length());
                if (name.isEmpty() || name.contains("/") || name.startsWith(".")) continue;
                if (own) {
                    byte[] bytes;
                    try (InputStream in = jar.getInputStream(entry)) {
                        bytes = in.readAllBytes();
                    }
                    out.put(name, () -> bytes);
                } else {
                    out.put(name, () -> {
                        try (InputStream in = jar.getInputStream(entry)) {
                            return in.readAllBytes();
                        }
                    });
                }
            }
        } finally {
            if (own) jar.close();
        }
        return out;
    }
}
