package dev.migrate.script;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * The classes of a Spring Boot executable jar, which the JDK's class loaders cannot read: the application's classes
 * live under {@code BOOT-INF/classes/} and its libraries are jars nested in {@code BOOT-INF/lib/}.
 *
 * <p>Classes are read straight from the outer jar, nothing is extracted. {@code BOOT-INF/classes/} is looked up
 * first; the nested jars are read (each once, with a {@link ZipInputStream} over the stored entry) only when a class
 * is not found there, since most runs load a few revisions that need nothing from them. A nested jar's classes are
 * then kept in memory, and the first nested jar holding a class wins, as in the jar's own order. Resources are found
 * in {@code BOOT-INF/classes/} only. The classes at the jar's root (Spring Boot's launcher) are not seen.
 *
 * <p>The parent is asked first, as usual: migrate's own classes (and the plain entries of the class path) come
 * before the application's.
 */
final class BootJar extends ClassLoader {

    static final String CLASSES = "BOOT-INF/classes/";
    private static final String LIB = "BOOT-INF/lib/";

    static {
        registerAsParallelCapable();
    }

    private final Path path;
    private final ZipFile zip; // kept open: the classes load through it until the process ends
    private Map<String, String> nestedIndex; // class file name -> nested jar entry; built on the first miss
    private final Map<String, Map<String, byte[]>> nestedClasses = new HashMap<>(); // nested jar entry -> its class files

    private BootJar(Path path, ZipFile zip, ClassLoader parent) {
        super("migrate-boot-jar " + path.getFileName(), parent);
        this.path = path;
        this.zip = zip;
    }

    /** Whether {@code zip} has the layout of a Spring Boot executable jar: entries under {@code BOOT-INF/classes/}. */
    static boolean isBootJar(ZipFile zip) {
        return zip.stream().anyMatch(e -> e.getName().startsWith(CLASSES));
    }

    /** A loader for the Boot jar at {@code path}, which it keeps open. */
    static BootJar open(Path path, ClassLoader parent) throws IOException {
        return new BootJar(path, new ZipFile(path.toFile()), parent);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        String file = name.replace('.', '/') + ".class";
        byte[] bytes = read(file);
        if (bytes == null) throw new ClassNotFoundException(name + " (in " + path + ": neither " + CLASSES + " nor " + LIB + "*.jar)");
        return defineClass(name, bytes, 0, bytes.length);
    }

    private byte[] read(String file) throws ClassNotFoundException {
        try {
            ZipEntry entry = zip.getEntry(CLASSES + file);
            if (entry != null) {
                try (InputStream in = zip.getInputStream(entry)) {
                    return in.readAllBytes();
                }
            }
            String jar = nestedIndex().get(file);
            return jar == null ? null : nestedClasses(jar).get(file);
        } catch (IOException e) {
            throw new ClassNotFoundException("cannot read " + file + " from " + path + " (" + e + ")", e);
        }
    }

    private synchronized Map<String, String> nestedIndex() throws IOException {
        if (nestedIndex == null) {
            Map<String, String> index = new HashMap<>();
            for (String jar : nestedJars()) {
                try (ZipInputStream in = new ZipInputStream(zip.getInputStream(zip.getEntry(jar)))) {
                    for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                        if (e.getName().endsWith(".class")) index.putIfAbsent(e.getName(), jar);
                    }
                }
            }
            nestedIndex = index;
        }
        return nestedIndex;
    }

    private synchronized Map<String, byte[]> nestedClasses(String jar) throws IOException {
        Map<String, byte[]> classes = nestedClasses.get(jar);
        if (classes == null) {
            classes = new HashMap<>();
            try (ZipInputStream in = new ZipInputStream(zip.getInputStream(zip.getEntry(jar)))) {
                for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    if (e.getName().endsWith(".class")) classes.putIfAbsent(e.getName(), in.readAllBytes());
                }
            }
            nestedClasses.put(jar, classes);
        }
        return classes;
    }

    private List<String> nestedJars() {
        return zip.stream().map(ZipEntry::getName)
                .filter(n -> n.startsWith(LIB) && n.endsWith(".jar") && n.indexOf('/', LIB.length()) < 0).toList();
    }

    @Override
    protected URL findResource(String name) {
        if (zip.getEntry(CLASSES + name) == null) return null;
        try {
            return new URL("jar:" + path.toUri() + "!/" + CLASSES + name);
        } catch (MalformedURLException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(url));
    }
}
