package dev.migrate.script;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;

import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Compiles Java revision scripts in memory, all in one invocation of the JDK's compiler, against the JDK and the
 * package {@code dev.migrate.api} of the running tool. Nothing is written to disk here.
 *
 * <p>One invocation is much faster than one per script, but puts the scripts in one name space: the loader
 * rejects two scripts declaring the same class (before the compiler would), and this class rejects a script that
 * uses another script's class, which would compile together but fail alone (when only it changed) and at run time
 * (each script has a class loader of its own).
 *
 * <p>This is the only class that touches {@code javax.tools} and the compiler's tree API, and it is loaded only
 * when a script must be compiled, so that a Java runtime without a compiler (a JRE) can still run revisions from
 * the cache or from the application's class path.
 */
final class ScriptCompiler {

    /** The one package of the tool that a script can see. */
    static final String API_PACKAGE = "dev.migrate.api";

    /** A script's normalised text, as read from {@code file}. */
    record Source(Path file, String text) { }

    private ScriptCompiler() {
    }

    /** Whether this runtime has a compiler. */
    static boolean available() {
        return ToolProvider.getSystemJavaCompiler() != null;
    }

    /**
     * Compiles {@code sources} in one invocation.
     *
     * @param toolClasses    the jar or directory that holds {@code dev.migrate.api} (the running tool's)
     * @param checkDeclared  given the top-level types of every script once they are parsed, before anything is
     *                       generated; may throw
     * @return the output of each script, by its file, in the order given
     * @throws ScriptException for the first script (in the order given) with compile errors: its file, the line of
     *                         its first error, and every error of that file; for a script that uses a class of
     *                         another script
     */
    static Map<Path, CompiledScript> compile(List<Source> sources, Path toolClasses,
                                             Consumer<Map<Path, List<CompiledScript.TopLevel>>> checkDeclared) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<URI, SourceObject> objects = new LinkedHashMap<>(); // by URI: javac hands back its own wrappers of them
        for (Source source : sources) {
            SourceObject o = new SourceObject(source, objects.size());
            objects.put(o.toUri(), o);
        }
        try (StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            standard.setLocationFromPaths(StandardLocation.CLASS_PATH, List.of(toolClasses));
            standard.setLocationFromPaths(StandardLocation.SOURCE_PATH, List.of());
            InMemoryOutput fileManager = new InMemoryOutput(standard);
            // No annotation processing (it would search the class path for processors); all debug information,
            // so that a stack trace names the script's lines.
            List<String> options = List.of("-proc:none", "-g", "-nowarn", "-Xlint:none");
            JavacTask task = (JavacTask) compiler.getTask(null, fileManager, diagnostics, options, null, objects.values());
            Map<Path, List<CompiledScript.TopLevel>> types = topLevelTypes(task, task.parse(), objects);
            failOnErrors(diagnostics, objects);
            checkDeclared.accept(types);
            ForeignUses foreign = new ForeignUses(task, objects);
            task.addTaskListener(foreign);
            task.generate();
            failOnErrors(diagnostics, objects);
            foreign.failIfAny();
            Map<Path, CompiledScript> out = new LinkedHashMap<>();
            for (SourceObject o : objects.values()) {
                out.put(o.source.file(), new CompiledScript(types.get(o.source.file()), fileManager.classesOf(o.toUri())));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<Path, List<CompiledScript.TopLevel>> topLevelTypes(JavacTask task, Iterable<? extends CompilationUnitTree> units,
                                                                        Map<URI, SourceObject> objects) {
        SourcePositions positions = Trees.instance(task).getSourcePositions();
        Map<Path, List<CompiledScript.TopLevel>> out = new LinkedHashMap<>();
        for (SourceObject o : objects.values()) out.put(o.source.file(), List.of());
        for (CompilationUnitTree unit : units) {
            String pkg = unit.getPackageName() == null ? "" : unit.getPackageName() + ".";
            List<CompiledScript.TopLevel> types = new ArrayList<>();
            for (Tree decl : unit.getTypeDecls()) {
                if (decl instanceof ClassTree type) {
                    long line = unit.getLineMap().getLineNumber(positions.getStartPosition(unit, type));
                    types.add(new CompiledScript.TopLevel(pkg + type.getSimpleName(), (int) line));
                }
            }
            out.put(objects.get(unit.getSourceFile().toUri()).source.file(), List.copyOf(types));
        }
        return out;
    }

    private static void failOnErrors(DiagnosticCollector<JavaFileObject> diagnostics, Map<URI, SourceObject> objects) {
        Map<SourceObject, List<Diagnostic<? extends JavaFileObject>>> byFile = new HashMap<>();
        SourceObject firstScript = objects.values().iterator().next();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) continue;
            // An error without a source (an option, the class path) is reported against the first script.
            SourceObject where = d.getSource() == null ? null : objects.get(d.getSource().toUri());
            byFile.computeIfAbsent(where == null ? firstScript : where, k -> new ArrayList<>()).add(d);
        }
        List<SourceObject> failed = objects.values().stream().filter(byFile::containsKey).toList();
        if (failed.isEmpty()) return;
        SourceObject first = failed.get(0);
        List<Diagnostic<? extends JavaFileObject>> errors = byFile.get(first);
        StringBuilder problem = new StringBuilder("the Java revision script does not compile");
        String firstMessage = errors.get(0).getMessage(Locale.ROOT);
        if (errors.size() == 1 && !firstMessage.contains("\n")) {
            problem.append(": ").append(firstMessage);
        } else {
            problem.append(" (").append(errors.size()).append(errors.size() == 1 ? " error):" : " errors):");
            for (Diagnostic<? extends JavaFileObject> d : errors) {
                problem.append("\n  line ").append(d.getLineNumber()).append(": ")
                        .append(d.getMessage(Locale.ROOT).replace("\n", "\n  "));
            }
        }
        String others = failed.size() == 1 ? "" : " (" + (failed.size() - 1) + " other script" + (failed.size() == 2 ? "" : "s")
                + " with errors: " + String.join(", ", failed.subList(1, failed.size()).stream()
                .map(o -> o.source.file().getFileName().toString()).toList()) + ")";
        long line = errors.get(0).getLineNumber();
        throw new ScriptException(first.source.file(), line > 0 ? (int) line : null, problem.toString(),
                "Fix the script" + others + " and run the command again; a script can use the JDK and the package "
                        + API_PACKAGE + " only");
    }

    /** Finds, as each class is analysed, the first use of a class that another script declares. */
    private static final class ForeignUses implements TaskListener {
        private final Trees trees;
        private final Map<URI, SourceObject> objects;
        private ScriptException first;

        ForeignUses(JavacTask task, Map<URI, SourceObject> objects) {
            this.trees = Trees.instance(task);
            this.objects = objects;
        }

        @Override
        public void finished(TaskEvent event) {
            if (event.getKind() != TaskEvent.Kind.ANALYZE || first != null || event.getTypeElement() == null) return;
            TreePath declaration = trees.getPath(event.getTypeElement());
            if (declaration == null) return;
            CompilationUnitTree unit = declaration.getCompilationUnit();
            URI self = unit.getSourceFile().toUri();
            new TreePathScanner<Void, Void>() {
                @Override
                public Void visitIdentifier(IdentifierTree node, Void unused) {
                    check();
                    return super.visitIdentifier(node, unused);
                }

                @Override
                public Void visitMemberSelect(MemberSelectTree node, Void unused) {
                    check();
                    return super.visitMemberSelect(node, unused);
                }

                private void check() {
                    if (first != null) return;
                    TypeElement top = topLevel(trees.getElement(getCurrentPath()));
                    TreePath declared = top == null ? null : trees.getPath(top);
                    if (declared == null) return; // the JDK's or the API's, not a script's
                    URI other = declared.getCompilationUnit().getSourceFile().toUri();
                    if (other.equals(self)) return;
                    long line = unit.getLineMap().getLineNumber(
                            trees.getSourcePositions().getStartPosition(unit, getCurrentPath().getLeaf()));
                    first = new ScriptException(objects.get(self).source.file(), (int) line, "uses class " + top.getQualifiedName()
                            + ", which another script declares (" + objects.get(other).source.file().getFileName() + ")",
                            "A script can use only its own classes, the JDK and " + API_PACKAGE
                                    + "; copy what it needs into its own class");
                }
            }.scan(declaration, null);
        }

        private static TypeElement topLevel(Element element) {
            for (Element e = element; e != null; e = e.getEnclosingElement()) {
                if (e instanceof TypeElement type && e.getEnclosingElement() instanceof PackageElement) return type;
            }
            return null;
        }

        void failIfAny() {
            if (first != null) throw first;
        }
    }

    /** A script's text, under a name javac accepts for any class name (the file name need not match the class). */
    private static final class SourceObject extends SimpleJavaFileObject {
        final Source source;

        SourceObject(Source source, int index) {
            super(uri(source.file(), index), Kind.SOURCE);
            this.source = source;
        }

        /** Unique per script; the last segment is the file name, which the class files keep as their source file. */
        private static URI uri(Path file, int index) {
            try {
                return new URI("migrate", null, "/" + index + "/" + file.getFileName(), null);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(file.toString(), e);
            }
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source.text();
        }

        @Override
        public boolean isNameCompatible(String simpleName, Kind kind) {
            return kind == Kind.SOURCE;
        }
    }

    /**
     * Keeps class files in memory, by the script they came from (javac names the source as the sibling of each
     * class file), and shows javac only {@link #API_PACKAGE} of the tool's own classes: a script that imports the
     * tool's internals or its libraries does not compile.
     */
    private static final class InMemoryOutput extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private final Map<URI, Map<String, byte[]>> classes = new HashMap<>();

        InMemoryOutput(StandardJavaFileManager standard) {
            super(standard);
        }

        Map<String, byte[]> classesOf(URI source) {
            return classes.getOrDefault(source, Map.of());
        }

        @Override
        public Iterable<JavaFileObject> list(Location location, String packageName, Set<JavaFileObject.Kind> kinds,
                                             boolean recurse) throws IOException {
            if (location == StandardLocation.CLASS_PATH && !packageName.equals(API_PACKAGE)) {
                return List.of();
            }
            return super.list(location, packageName, kinds, recurse);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                   FileObject sibling) {
            URI uri = URI.create("mem:///" + className.replace('.', '/') + kind.extension);
            return new SimpleJavaFileObject(uri, kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() {
                            classes.computeIfAbsent(sibling.toUri(), k -> new LinkedHashMap<>()).put(className, toByteArray());
                        }
                    };
                }
            };
        }
    }
}
