package dev.migrate.cli;

import dev.migrate.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Start a new project: migrate.yaml and an empty versions folder.")
final class InitCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "DIRECTORY", arity = "0..1", defaultValue = "migrations",
            description = "The script location to create (default: ${DEFAULT-VALUE}).")
    String directory;

    @Override
    public Integer call() throws IOException {
        var out = main.quiet ? new java.io.PrintWriter(java.io.Writer.nullWriter()) : main.lines(spec);
        Path dir = main.workingDirectory.resolve(directory);
        if (Files.isDirectory(dir) && !isEmpty(dir)) {
            throw new ConfigException(null, null, null, "directory " + directory + " already exists and is not empty",
                    "Choose another directory, or point script_location at the existing one.");
        }
        Path versions = dir.resolve("versions");
        Files.createDirectories(versions);
        out.println("Created " + main.workingDirectory.relativize(versions) + "/");
        Path config = main.config != null ? main.workingDirectory.resolve(main.config) : main.workingDirectory.resolve(Session.DEFAULT_CONFIG);
        boolean configCreated = !Files.exists(config);
        if (!configCreated) {
            out.println(main.workingDirectory.relativize(config) + " exists; left as it is (set script_location: " + directory + " there).");
        } else {
            Files.writeString(config, template(directory));
            out.println("Created " + main.workingDirectory.relativize(config));
        }
        String ignored = ignore(config.toAbsolutePath().getParent().resolve(".gitignore"));
        if (ignored != null) out.println(ignored);
        out.println("Next: write a revision script in " + main.workingDirectory.relativize(versions)
                + "/ (see MIGRATIONS.md), then run `migrate upgrade head`.");
        if (main.json()) {
            JsonOutput.print(spec.commandLine().getOut(), JsonOutput.init(dir, versions, config, configCreated, main.workingDirectory));
        }
        return ExitCode.OK;
    }

    /** What git should not see: the compile cache and scratch files, and the lock file beside an SQLite database. */
    static final java.util.List<String> IGNORED = java.util.List.of(".migrate/", "*.migrate-lock");

    /** Creates .gitignore, or adds what it lacks of {@link #IGNORED}; says what it did, or null when nothing. */
    private String ignore(Path gitignore) throws IOException {
        String shown = Texts.relative(gitignore, main.workingDirectory);
        if (!Files.exists(gitignore)) {
            Files.writeString(gitignore, "# migrate: the compile cache and scratch files; the lock file of an SQLite database\n"
                    + String.join("\n", IGNORED) + "\n");
            return "Created " + shown;
        }
        String text = Files.readString(gitignore);
        java.util.Set<String> lines = new java.util.HashSet<>(text.lines().map(String::strip).toList());
        java.util.List<String> missing = IGNORED.stream().filter(l -> !lines.contains(l)).toList();
        if (missing.isEmpty()) return null;
        String add = (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + String.join("\n", missing) + "\n";
        Files.writeString(gitignore, add, java.nio.file.StandardOpenOption.APPEND);
        return "Added " + String.join(" and ", missing) + " to " + shown;
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String template(String directory) {
        return """
                # migrate configuration. Every key is described in MIGRATIONS.md ("Configuration").
                # Where revision scripts live: <script_location>/versions/
                script_location: %s

                # The database. --url and the DATABASE_URL environment variable take precedence.
                # postgres://user:password@host:5432/db, or sqlite:path/to/file.db
                url: sqlite:app.db

                # Alembic's version table; point it at alembic_version to take over an Alembic project.
                version_table: migrate_version

                # How long to wait for another migrate process holding the migration lock (0: fail at once).
                lock_wait: 60s
                """.formatted(directory);
    }
}
