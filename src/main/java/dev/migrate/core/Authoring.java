package dev.migrate.core;

import dev.migrate.graph.Revision;
import dev.migrate.graph.RevisionGraph;
import dev.migrate.script.ScriptWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes new revision scripts with Alembic's rules ({@code ScriptDirectory.generate_revision}): a revision on
 * the current head, on another head, on a new base, spliced off a revision that is not a head, or a merge of
 * several heads. Needs no database.
 */
public final class Authoring {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern ID = Pattern.compile("[^\\s@+:,-]+");

    private final Project project;

    public Authoring(Project project) {
        this.project = project;
    }

    /**
     * A new revision.
     *
     * @param head        the revision(s) to base it on: {@code head} (the default), another head, {@code base} for a
     *                    new root, {@code <label>@head}
     * @param splice      allow basing it on a revision that is not a head (a new branch)
     * @param versionPath the directory to write into; null for the head's directory or the first version location
     * @param java        write a Java revision instead of SQL
     */
    public record Request(String message, String revId, String head, boolean splice, List<String> branchLabels,
                          List<String> dependsOn, Path versionPath, boolean java, String fileTemplate) {
        public Request {
            head = head == null ? "head" : head;
            branchLabels = branchLabels == null ? List.of() : List.copyOf(branchLabels);
            dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        }
    }

    /** Writes the script and returns its path. */
    public Path revision(Request r, LocalDateTime now) {
        RevisionGraph graph = project.graph();
        List<Revision> heads = resolveHeads(r.head());
        if (!r.splice()) {
            for (Revision h : heads) {
                if (!graph.isHead(h.id())) {
                    throw new RevisionException(h.id(), null, "Revision " + h.id() + " is not a head revision; "
                            + "pass --splice to create a new branch from this revision.");
                }
            }
        }
        List<String> revises = heads.stream().map(Revision::id).toList();
        return write(r, revises, now);
    }

    /** A merge revision of {@code revisions} (usually {@code heads}); refuses when there is nothing to merge. */
    public Path merge(List<String> revisions, Request r, LocalDateTime now) {
        Set<String> ids = new LinkedHashSet<>();
        for (String target : revisions) {
            for (Revision rev : project.graph().resolve(target)) ids.add(rev.id());
        }
        if (ids.size() < 2) {
            throw new RevisionException(null, null, "Nothing to merge: " + String.join(" ", revisions) + " is "
                    + (ids.isEmpty() ? "no revision" : "the single revision " + ids.iterator().next())
                    + ". A merge joins two or more heads; `migrate heads` lists them.");
        }
        return write(r, List.copyOf(ids), now);
    }

    private List<Revision> resolveHeads(String head) {
        if (head.equals("base")) return List.of();
        try {
            return project.graph().resolve(head);
        } catch (dev.migrate.graph.MultipleHeadsException e) {
            throw new RevisionException(null, null, "Multiple heads are present (" + String.join(", ", e.heads())
                    + "); pass --head with the head revision on which the new revision should be based, "
                    + "or merge them first: migrate merge heads -m \"merge heads\".");
        }
    }

    private Path write(Request r, List<String> revises, LocalDateTime now) {
        RevisionGraph graph = project.graph();
        String id = r.revId() != null ? r.revId() : HexFormat.of().formatHex(randomBytes()).substring(0, 12);
        if (!ID.matcher(id).matches()) {
            throw new RevisionException(id, null, "Revision id '" + id + "' may not contain whitespace or any of @ - + : ,");
        }
        if (graph.get(id) != null) {
            throw new RevisionException(id, project.script(id).path(), "Revision " + id + " already exists: "
                    + project.script(id).path() + ". Choose another --rev-id.");
        }
        for (String label : r.branchLabels()) {
            for (Revision existing : graph.revisions()) {
                if (existing.branchLabels().contains(label)) {
                    throw new RevisionException(existing.id(), null, "Branch label '" + label + "' is already used by revision "
                            + existing.id() + "; choose another name.");
                }
            }
        }
        List<String> dependsOn = new ArrayList<>();
        for (String dep : r.dependsOn()) {
            // As Alembic: keep a branch label as written, resolve a (partial) revision id to the full id.
            List<Revision> resolved = graph.resolve(dep);
            if (resolved.size() != 1) {
                throw new RevisionException(dep, null, "--depends-on " + dep + " must name one revision or branch label.");
            }
            Revision rev = resolved.get(0);
            dependsOn.add(graph.branchLabels(rev.id()).contains(dep) ? dep : rev.id());
        }
        ScriptWriter.NewRevision rev = new ScriptWriter.NewRevision(id, r.message(), revises, r.branchLabels(), dependsOn, now);
        Path dir = directory(r.versionPath(), revises);
        String name;
        try {
            name = ScriptWriter.fileName(r.fileTemplate(), id, r.message(), now) + (r.java() ? ".java" : ".sql");
        } catch (IllegalArgumentException e) {
            throw new dev.migrate.config.ConfigException(null, "file_template", null, e.getMessage(), "Use the tokens listed.");
        }
        Path file = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            Files.writeString(file, r.java() ? ScriptWriter.java(rev) : ScriptWriter.sql(rev), java.nio.file.StandardOpenOption.CREATE_NEW);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new RevisionException(id, file, file + " already exists; nothing was written.");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** As Alembic: the given path (one of the version locations), else the head's directory, else the only location. */
    private Path directory(Path versionPath, List<String> revises) {
        List<Path> locations = project.versionLocations();
        if (versionPath != null) {
            Path wanted = versionPath.toAbsolutePath().normalize();
            for (Path l : locations) {
                if (l.toAbsolutePath().normalize().equals(wanted)) return l;
            }
            throw new RevisionException(null, null, "Path " + versionPath + " is not one of the version locations ("
                    + String.join(", ", locations.stream().map(Path::toString).toList()) + "); add it to version_locations.");
        }
        if (locations.size() == 1) return locations.get(0);
        for (String parent : revises) {
            return project.script(parent).path().getParent();
        }
        throw new RevisionException(null, null, "Multiple version locations are present; pass --version-path.");
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return b;
    }
}
