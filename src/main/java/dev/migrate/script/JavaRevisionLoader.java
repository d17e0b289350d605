package dev.migrate.script;

import dev.migrate.api.Migration;
import dev.migrate.api.Revision;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Turns Java revisions into {@link JavaRevisionScript}s: {@code .java} scripts from the version locations, compiled
 * with the JDK's compiler (and cached), and compiled classes from the application's class path.
 *
 * <h2>Scripts</h2>
 * A Java revision script holds exactly one top-level class, public or not, in any package or none, whose name
 * need not match the file name. It implements {@link Migration} (or {@code ReversibleMigration}), has a
 * constructor without parameters, and carries {@link Revision}. It compiles against the JDK and the package
 * {@code dev.migrate.api} only. Each script gets a class loader of its own, so two scripts may declare classes of
 * the same name.
 *
 * <h2>The cache</h2>
 * Compiled scripts are kept in {@code <cache directory>/java/<key>.classes} (see {@link CompileCache}), the key
 * being the SHA-256 of the script's file name, its text with line endings normalised, migrate's version and the
 * Java version. Scripts whose entry is present are not compiled, and the compiler is not even started; the others
 * are compiled together, in one invocation. So a Java runtime without a compiler can run scripts that a JDK
 * compiled before, and a changed script is compiled again.
 *
 * <h2>The class path</h2>
 * Each jar or directory of the class path is read entry by entry. Only the class files whose bytes contain the
 * annotation's descriptor {@code Ldev/migrate/api/Revision;} (the constant that every class annotated with it
 * holds) are loaded, with {@code Class.forName(name, false, loader)}, so that no class is initialised and most are
 * never loaded; those that carry {@link Revision} are revisions. The classes see the class path and, first, the
 * tool's own classes.
 *
 * <p>A jar with entries under {@code BOOT-INF/classes/} is a Spring Boot executable jar: that folder is its class
 * root (the launcher's classes at the jar's root are not searched), and its classes load through a {@link BootJar},
 * which also finds the classes of the jars nested in {@code BOOT-INF/lib/} (not searched for revisions, being
 * libraries). The plain entries, loaded together as before, are the Boot jars' parent.
 */
public final class JavaRevisionLoader {

    /** Told before the compiler runs, for progress output and tests. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = scripts -> { };

        /** {@code scripts} are about to be compiled, in one invocation. */
        void compiling(List<Path> scripts);
    }

    private static final byte[] DESCRIPTOR = ("L" + Revision.class.getName().replace('.', '/') + ";").getBytes(StandardCharsets.UTF_8);

    private final CompileCache cache; // null: compile every time
    private final List<Path> classpath;
    private final Listener listener;
    private final ClassLoader toolLoader = Migration.class.getClassLoader();

    /**
     * @param cacheDirectory where compiled scripts are kept ({@code .migrate/cache}), or {@code null} to compile
     *                       every time
     * @param classpath      jars and directories holding compiled revisions (the {@code classpath} key)
     */
    public JavaRevisionLoader(Path cacheDirectory, List<Path> classpath, Listener listener) {
        this.cache = cacheDirectory == null ? null : new CompileCache(cacheDirectory);
        this.classpath = List.copyOf(classpath);
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** No cache and no class path: scripts are compiled each time they are loaded. */
    public static JavaRevisionLoader uncached() {
        return new JavaRevisionLoader(null, List.of(), Listener.NONE);
    }

    /**
     * Reads the given {@code .java} scripts, compiling those that are not in the cache.
     *
     * @return the revisions by file, in the order given
     * @throws ScriptException for the first script that does not compile or is not a valid revision; when there is
     *                         no compiler (a JRE) and a script is not in the cache
     */
    public Map<Path, JavaRevisionScript> loadScripts(List<Path> files) {
        Map<Path, Source> sources = new LinkedHashMap<>();
        Map<Path, CompiledScript> compiled = new LinkedHashMap<>();
        for (Path file : files) {
            Source source = Source.read(file);
            sources.put(file, source);
            if (cache != null) {
                cache.read(source.key).ifPresent(c -> compiled.put(file, c));
            }
        }
        List<Source> toCompile = sources.values().stream().filter(s -> !compiled.containsKey(s.file)).toList();
        if (toCompile.isEmpty()) {
            checkDeclared(files, file -> compiled.get(file).types());
        } else {
            requireCompiler(toCompile.get(0).file);
            listener.compiling(toCompile.stream().map(Source::file).toList());
            Map<Path, CompiledScript> fresh = ScriptCompiler.compile(
                    toCompile.stream().map(s -> new ScriptCompiler.Source(s.file, s.text)).toList(), toolClasses(),
                    parsed -> checkDeclared(files, file -> compiled.containsKey(file) ? compiled.get(file).types() : parsed.get(file)));
            for (Source s : toCompile) {
                CompiledScript c = fresh.get(s.file);
                compiled.put(s.file, c);
                if (cache != null) cache.write(s.key, c);
            }
        }
        Map<Path, JavaRevisionScript> out = new LinkedHashMap<>();
        for (Source s : sources.values()) {
            CompiledScript.TopLevel type = compiled.get(s.file).types().get(0);
            Class<?> loaded = loadClass(s.file, compiled.get(s.file), type.binaryName());
            out.put(s.file, JavaRevisionScript.read(s.file, loaded, s.checksum, type.line()));
        }
        return out;
    }

    /**
     * Each script declares exactly one top-level class, and no two scripts the same: they share one name space while
     * compiled together. Checked on every load, whether the scripts come from the compiler or the cache.
     */
    private static void checkDeclared(List<Path> files, Function<Path, List<CompiledScript.TopLevel>> typesOf) {
        Map<String, Path> declaredIn = new HashMap<>();
        for (Path file : files) {
            List<CompiledScript.TopLevel> types = typesOf.apply(file);
            if (types.isEmpty()) {
                throw new ScriptException(file, null, "the script declares no class",
                        "Write one class that implements Migration, annotated with @Revision (see MIGRATIONS.md, \"Java revision scripts\")");
            }
            if (types.size() > 1) {
                throw new ScriptException(file, types.get(1).line(), "the script declares " + types.size()
                        + " top-level types (" + types.stream().map(CompiledScript.TopLevel::binaryName).collect(Collectors.joining(", "))
                        + "), and a Java revision script declares exactly one", "Nest the others inside the revision class");
            }
            CompiledScript.TopLevel type = types.get(0);
            Path other = declaredIn.putIfAbsent(type.binaryName(), file);
            if (other != null) {
                throw new ScriptException(file, type.line(), "class " + type.binaryName() + " is also declared in "
                        + other.getFileName(), "Give one of them another name: the scripts are compiled together, "
                        + "so their classes need distinct names, as in one source tree");
            }
        }
    }

    private Class<?> loadClass(Path file, CompiledScript compiled, String name) {
        try {
            return Class.forName(name, false, compiled.classLoader("migrate-script " + file.getFileName(), toolLoader));
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            throw new ScriptException(file, null, "the compiled class " + name + " cannot be loaded (" + e + ")",
                    "Delete the cache directory (.migrate/cache) and run the command again", e);
        }
    }

    private static void requireCompiler(Path file) {
        boolean available;
        try {
            available = ScriptCompiler.available();
        } catch (LinkageError e) { // no java.compiler module at all
            available = false;
        }
        if (!available) {
            throw new ScriptException(file, null, "Java revision scripts need a JDK to compile, and this Java runtime ("
                    + System.getProperty("java.home") + ") has no compiler",
                    "Run migrate with a JDK (set JAVA_HOME), or compile the revisions into your application jar and "
                            + "give it with `classpath` in migrate.yaml or --classpath");
        }
    }

    /** The jar or directory of the running tool's own classes, which holds {@code dev.migrate.api}. */
    private static Path toolClasses() {
        CodeSource source = Migration.class.getProtectionDomain().getCodeSource();
        try {
            if (source != null && source.getLocation() != null) return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            // fall through
        }
        throw new IllegalStateException("cannot tell where dev.migrate.api was loaded from: " + source);
    }

    // ---- the class path

    /**
     * The revisions among the classes of the class path, sorted by class name; a class found in two entries is
     * read from the first (plain jars and directories before Spring Boot jars, as their class loaders ask).
     *
     * @throws ScriptException if an entry does not exist or cannot be read, or a revision class is not valid
     */
    public List<JavaRevisionScript> loadClasspath() {
        if (classpath.isEmpty()) return List.of();
        List<Path> plain = new ArrayList<>();
        List<Path> boot = new ArrayList<>();
        for (Path entry : classpath) {
            if (!Files.exists(entry)) {
                throw new ScriptException(entry, null, "the class path entry does not exist",
                        "Build the application first, or correct `classpath` in migrate.yaml or --classpath");
            }
            (isBootJar(entry) ? boot : plain).add(entry);
        }
        URL[] urls = new URL[plain.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = plain.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new ScriptException(plain.get(i), null, "the class path entry is not a valid location", null, e);
            }
        }
        // Kept open, as the Boot jars' loaders: the revisions' classes load through them until the process ends.
        ClassLoader plainLoader = plain.isEmpty() ? toolLoader : new URLClassLoader("migrate-classpath", urls, toolLoader);
        List<JavaRevisionScript> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Path entry : plain) {
            for (ClassFile cf : candidates(entry, "")) {
                if (seen.add(cf.binaryName)) revision(cf, plainLoader, "Add the jars it needs to `classpath` / --classpath").ifPresent(out::add);
            }
        }
        for (Path entry : boot) {
            BootJar loader;
            try {
                loader = BootJar.open(entry, plainLoader);
            } catch (IOException e) {
                throw unreadable(entry, e);
            }
            for (ClassFile cf : candidates(entry, BootJar.CLASSES)) {
                if (seen.add(cf.binaryName)) revision(cf, loader, "Package the jar that holds the missing class in " + entry.getFileName()
                        + "'s BOOT-INF/lib, or add it to `classpath` / --classpath").ifPresent(out::add);
            }
        }
        out.sort(Comparator.comparing(s -> s.migrationClass().getName()));
        return List.copyOf(out);
    }

    /** The class, if it carries {@link Revision}; loaded without being initialised. */
    static Optional<JavaRevisionScript> revision(ClassFile cf, ClassLoader loader, String missingHint) {
        try {
            Class<?> type = Class.forName(cf.binaryName, false, loader);
            if (!type.isAnnotationPresent(Revision.class)) return Optional.empty();
            return Optional.of(JavaRevisionScript.read(cf.location, type, HexFormat.of().formatHex(ScriptLoader.sha256(cf.bytes)), null));
        } catch (ClassNotFoundException | LinkageError | SecurityException e) { // linking (reading the constructor) may fail too
            throw new ScriptException(cf.location, null, "class " + cf.binaryName + " refers to @Revision but cannot be loaded ("
                    + e + ")", missingHint, e);
        }
    }

    /**
     * Whether the entry is a Spring Boot executable jar, whose classes are under {@code BOOT-INF/classes/}. An entry
     * that is not a readable jar is not: {@link #candidates} says what is wrong with it.
     */
    private static boolean isBootJar(Path entry) {
        if (!Files.isRegularFile(entry)) return false;
        try (ZipFile zip = new ZipFile(entry.toFile())) {
            return BootJar.isBootJar(zip);
        } catch (IOException e) {
            return false;
        }
    }

    /** A class file whose bytes mention the annotation. */
    record ClassFile(Path location, String binaryName, byte[] bytes) { }

    /** The class files under {@code root} (a jar's folder, e.g. {@code BOOT-INF/classes/}, or "") that mention it. */
    private static List<ClassFile> candidates(Path entry, String root) {
        List<ClassFile> out = new ArrayList<>();
        try {
            if (Files.isDirectory(entry)) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(entry)) {
                    files = walk.filter(p -> Files.isRegularFile(p) && isClassFile(entry.relativize(p).toString().replace('\\', '/')))
                            .sorted().toList();
                }
                for (Path f : files) {
                    byte[] bytes = Files.readAllBytes(f);
                    if (mentionsRevision(bytes)) out.add(new ClassFile(f, binaryName(entry.relativize(f).toString().replace('\\', '/')), bytes));
                }
            } else {
                try (ZipFile zip = new ZipFile(entry.toFile())) {
                    for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                        ZipEntry z = e.nextElement();
                        if (z.isDirectory() || !z.getName().startsWith(root)) continue;
                        String relative = z.getName().substring(root.length());
                        if (!isClassFile(relative)) continue;
                        byte[] bytes;
                        try (InputStream in = zip.getInputStream(z)) {
                            bytes = in.readAllBytes();
                        }
                        if (mentionsRevision(bytes)) out.add(new ClassFile(entry.resolve(z.getName()), binaryName(relative), bytes));
                    }
                }
            }
        } catch (IOException e) {
            throw unreadable(entry, e);
        }
        return out;
    }

    private static ScriptException unreadable(Path entry, IOException e) {
        return new ScriptException(entry, null, "the class path entry cannot be read as a jar or directory ("
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")",
                "Give jars and directories of compiled classes in `classpath` / --classpath", e);
    }

    private static boolean isClassFile(String relative) {
        return relative.endsWith(".class") && !relative.startsWith("META-INF/")
                && !relative.endsWith("module-info.class") && !relative.endsWith("package-info.class");
    }

    private static String binaryName(String relative) {
        return relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
    }

    static boolean mentionsRevision(byte[] bytes) {
        outer:
        for (int i = 0; i <= bytes.length - DESCRIPTOR.length; i++) {
            for (int k = 0; k < DESCRIPTOR.length; k++) {
                if (bytes[i + k] != DESCRIPTOR[k]) continue outer;
            }
            return true;
        }
        return false;
    }

    // ---- one script's text and cache key

    private record Source(Path file, String text, String checksum, String key) {
        static Source read(Path file) {
            String text = ScriptLoader.readText(file);
            String key = HexFormat.of().formatHex(ScriptLoader.sha256((file.getFileName() + "\0" + text + "\0" + toolVersion()
                    + "\0" + Runtime.version()).getBytes(StandardCharsets.UTF_8)));
            return new Source(file, text, ScriptLoader.checksum(text), key);
        }
    }

    private static String toolVersion() {
        String v = Migration.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
