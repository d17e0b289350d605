package dev.migrate.cli;

import dev.migrate.core.Project;
import dev.migrate.script.RevisionScript;

import java.io.File;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Small text helpers shared by the commands that print revisions. */
final class Texts {
    private Texts() { }

    /** A script's path as the user wrote the script location: relative to the working directory when inside it. */
    static String path(Project project, String id, Path workingDirectory) {
        RevisionScript s = project.script(id);
        return s == null ? "" : relative(s.path(), workingDirectory);
    }

    /** A path relative to the working directory when it lies inside it, else absolute. */
    /**
     * Which database a command uses, as the user would recognise it: the URL with its password masked, an SQLite
     * file inside the working directory written relative to it ({@code sqlite:app.db}).
     */
    static String database(String description, Path workingDirectory) {
        if (description.startsWith("sqlite:") && !description.startsWith("sqlite::memory:")) {
            String file = description.substring("sqlite:".length());
            if (file.startsWith("/")) {
                try {
                    return "sqlite:" + relative(Path.of(file), workingDirectory);
                } catch (java.nio.file.InvalidPathException e) {
                    return description;
                }
            }
        }
        return description;
    }

    static String relative(Path path, Path workingDirectory) {
        Path p = path.toAbsolutePath().normalize();
        Path wd = workingDirectory.toAbsolutePath().normalize();
        return p.startsWith(wd) ? wd.relativize(p).toString() : p.toString();
    }

    /**
     * A message with the paths inside the working directory written relative to it, as every other line of output
     * shows them ({@code migrations/versions/r3.sql:10}, not the absolute path the exception carries).
     */
    static String relativePaths(String message, Path workingDirectory) {
        Path wd = workingDirectory.toAbsolutePath().normalize();
        if (message == null || wd.getParent() == null) return message; // in the root directory, keep them whole
        // Only where a path starts (a line, a space, a quote): not inside a URL such as sqlite:/home/me/app.db
        return message.replaceAll("(?m)(?:^|(?<=[\\s'\"`(]))" + Pattern.quote(wd + File.separator), "");
    }
}
