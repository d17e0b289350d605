package dev.migrate.cli;

import dev.migrate.core.Project;
import dev.migrate.script.RevisionScript;

import java.nio.file.Path;

/** Small text helpers shared by the commands that print revisions. */
final class Texts {
    private Texts() { }

    /** A script's path as the user wrote the script location: relative to the working directory when inside it. */
    static String path(Project project, String id, Path workingDirectory) {
        RevisionScript s = project.script(id);
        return s == null ? "" : relative(s.path(), workingDirectory);
    }

    /** A path relative to the working directory when it lies inside it, else absolute. */
    static String relative(Path path, Path workingDirectory) {
        Path p = path.toAbsolutePath().normalize();
        Path wd = workingDirectory.toAbsolutePath().normalize();
        return p.startsWith(wd) ? wd.relativize(p).toString() : p.toString();
    }
}
