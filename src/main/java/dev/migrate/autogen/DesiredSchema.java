package dev.migrate.autogen;

import dev.migrate.config.DatabaseUrl;

import java.nio.file.Path;
import java.util.List;

/** Where a schema comes from: one side of a comparison. */
public sealed interface DesiredSchema {

    /** What people read: {@code schema files db/schema.sql}, {@code revisions at heads}. */
    String describe();

    /** The project's revisions replayed to these targets ({@code heads}, a revision, {@code base} for none). */
    record Revisions(List<String> targets) implements DesiredSchema {
        public Revisions {
            targets = List.copyOf(targets);
        }

        public String describe() { return "the revisions at " + String.join(", ", targets); }
    }

    /** SQL files (a file, or a folder of {@code .sql} files run in name order), such as a {@code pg_dump -s} output. */
    record SchemaFiles(List<Path> paths) implements DesiredSchema {
        public SchemaFiles {
            paths = List.copyOf(paths);
        }

        public String describe() { return "the schema files " + String.join(", ", paths.stream().map(Path::toString).toList()); }
    }

    /** A live database, read and never changed. */
    record Live(DatabaseUrl url) implements DesiredSchema {
        public String describe() { return "the database " + url.redacted(); }
    }

    /** The JPA entities on a class path, turned into DDL by the application's own Hibernate. */
    record Entities(List<Path> classpath, List<String> packages, String naming, Path hibernateProperties) implements DesiredSchema {
        public Entities {
            classpath = List.copyOf(classpath);
            packages = List.copyOf(packages);
        }

        public String describe() { return "the entities" + (packages.isEmpty() ? "" : " in " + String.join(", ", packages)); }
    }
}
