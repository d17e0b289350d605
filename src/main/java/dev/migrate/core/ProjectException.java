package dev.migrate.core;

import dev.migrate.graph.GraphException;

import java.nio.file.Path;
import java.util.List;

/** The scripts do not form a valid revision graph (cycle, unknown reference, label used twice, ...). */
public final class ProjectException extends RuntimeException {
    private final transient List<Path> files;

    public ProjectException(GraphException cause, List<Path> files) {
        super(cause.getMessage() + (files.isEmpty() ? "" : " (" + join(files) + ")"), cause);
        this.files = List.copyOf(files);
    }

    private static String join(List<Path> files) {
        StringBuilder b = new StringBuilder();
        for (Path f : files) b.append(b.length() == 0 ? "" : ", ").append(f);
        return b.toString();
    }

    public List<Path> files() { return files; }

    public GraphException graphError() { return (GraphException) getCause(); }
}
