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
        if (s == null) return "";
        Path p = s.path().toAbsolutePath().normalize();
        Path wd = workingDirectory.toAbsolutePath().normalize();
        return p.startsWith(wd) ? wd.relativize(p).toString() : p.toString();
    }
}
