package dev.migrate.script;

import dev.migrate.config.Config;
import dev.migrate.config.ConfigException;

import dev.migrate.api.Migration;
import dev.migrate.api.ReversibleMigration;
import dev.migrate.api.Revision;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One Java revision: a class implementing {@link Migration} and annotated with {@link Revision}, compiled from a
 * {@code .java} script in a version location or found in the application's class path. Read by
 * {@link JavaRevisionLoader}; the metadata comes from the annotation, and no instance is created until the
 * revision runs.
 *
 * @param path           the {@code .java} file; for a class from the class path, its class file
 *                       ({@code app.jar/com/example/AddAvatar.class} inside a jar)
 * @param checksum       SHA-256 of the source with line endings normalised; of the class file for a class from the
 *                       class path
 * @param migrationClass the revision's class, loaded but not initialised
 */
public record JavaRevisionScript(Path path, String id, List<String> revises, List<String> dependsOn,
                                 List<String> branchLabels, String message, String createDate, boolean transactional,
                                 String checksum, Class<? extends Migration> migrationClass, Duration lockTimeout,
                                 Duration statementTimeout) implements RevisionScript {

    public JavaRevisionScript {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(id, "id");
        revises = List.copyOf(revises);
        dependsOn = List.copyOf(dependsOn);
        branchLabels = List.copyOf(branchLabels);
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(migrationClass, "migrationClass");
    }

    @Override
    public List<LintDirective> lintIgnores() {
        return LintDirective.ofJava(path, migrationClass);
    }

    /**
     * Reads the revision of {@code type} from its annotation, checking that it can run: a concrete class that
     * implements {@link Migration} and has a constructor without parameters.
     *
     * @param path the script (or class file) for messages and {@link #path()}
     * @param line the line of the class declaration in the script, or null when there is no source
     * @throws ScriptException naming the file and line, saying what to write instead
     */
    static JavaRevisionScript read(Path path, Class<?> type, String checksum, Integer line) {
        String name = type.getName();
        Revision r = type.getAnnotation(Revision.class);
        if (r == null) {
            throw new ScriptException(path, line, "class " + name + " has no @Revision annotation",
                    "Annotate it, e.g. @Revision(id = \"3f1c9a2b7d10\", revises = \"9e8d7c6b5a40\", message = \"Add avatar\")");
        }
        if (!Migration.class.isAssignableFrom(type)) {
            throw new ScriptException(path, line, "class " + name + " does not implement dev.migrate.api.Migration",
                    "Declare it `implements Migration`, or `implements ReversibleMigration` to give it a downgrade");
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new ScriptException(path, line, (type.isInterface() ? "interface " : "abstract class ") + name
                    + " cannot run as a revision", "A revision is a concrete class; remove `abstract`");
        }
        if (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())) {
            throw new ScriptException(path, line, "class " + name + " is an inner class, which needs an instance of "
                    + type.getEnclosingClass().getName(), "Make it a static nested class or a top-level class");
        }
        try {
            type.getDeclaredConstructor();
        } catch (NoSuchMethodException e) {
            throw new ScriptException(path, line, "class " + name + " has no constructor without parameters",
                    "Add one; migrate creates the revision with it when the revision runs");
        }
        String id = r.id().strip();
        if (id.isEmpty() || id.chars().anyMatch(Character::isWhitespace)) {
            throw new ScriptException(path, line, "@Revision(id = \"" + r.id() + "\") is not a revision id",
                    "A revision id is one word, e.g. @Revision(id = \"3f1c9a2b7d10\")");
        }
        @SuppressWarnings("unchecked")
        Class<? extends Migration> migration = (Class<? extends Migration>) type;
        return new JavaRevisionScript(path, id, ids(path, line, "revises", r.revises()), ids(path, line, "dependsOn", r.dependsOn()),
                ids(path, line, "branchLabels", r.branchLabels()), r.message().strip(),
                r.createDate().isBlank() ? null : r.createDate().strip(), r.transactional(), checksum, migration,
                timeout(path, line, "lockTimeout", r.lockTimeout()), timeout(path, line, "statementTimeout", r.statementTimeout()));
    }

    private static Duration timeout(Path path, Integer line, String attribute, String value) {
        if (value.isBlank()) return null;
        try {
            return Config.parseDuration(path, attribute, line, value.strip());
        } catch (ConfigException e) {
            throw new ScriptException(path, line, "@Revision(" + attribute + " = \"" + value + "\") is not a duration",
                    "Write e.g. " + attribute + " = \"30s\" (ms, s, m, h; 0 for no limit)");
        }
    }

    private static List<String> ids(Path path, Integer line, String attribute, String[] values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            String s = v == null ? "" : v.strip();
            if (s.isEmpty() || s.chars().anyMatch(Character::isWhitespace)) {
                throw new ScriptException(path, line, "@Revision(" + attribute + " = " + Arrays.toString(values)
                        + ") has an entry that is empty or not one word",
                        "Give each id as its own string, e.g. " + attribute + " = {\"a1b2\", \"c3d4\"}");
            }
            out.add(s);
        }
        return out;
    }

    /** Whether the class implements {@link ReversibleMigration}. */
    @Override
    public boolean hasDowngrade() {
        return ReversibleMigration.class.isAssignableFrom(migrationClass);
    }

    /**
     * A new instance of the revision's class, made with its constructor without parameters (which may be
     * non-public). An exception of the constructor itself is thrown as it is.
     */
    public Migration newInstance() throws Exception {
        Constructor<? extends Migration> constructor = migrationClass.getDeclaredConstructor();
        constructor.setAccessible(true);
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            if (e.getCause() instanceof Error error) throw error;
            throw e;
        }
    }

    /**
     * The line of the script where {@code error} was thrown: the first stack frame (of the exception or its causes)
     * in the revision's class or a class nested in it. Compiled scripts keep their source line numbers.
     */
    public OptionalInt lineOf(Throwable error) {
        String top = migrationClass.getName();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                String cls = frame.getClassName();
                if ((cls.equals(top) || cls.startsWith(top + "$")) && frame.getLineNumber() > 0) {
                    return OptionalInt.of(frame.getLineNumber());
                }
            }
        }
        return OptionalInt.empty();
    }

    @Override
    public Optional<Duration> lockTimeoutOverride() {
        return Optional.ofNullable(lockTimeout);
    }

    @Override
    public Optional<Duration> statementTimeoutOverride() {
        return Optional.ofNullable(statementTimeout);
    }

    /** {@code @Revision(transactional = false)}: both directions run outside a transaction. */
    @Override
    public boolean transactional(boolean upgrade) {
        return transactional;
    }
}
