package dev.migrate.core;

import dev.migrate.graph.CycleException;
import dev.migrate.graph.DuplicateLabelException;
import dev.migrate.graph.DuplicateRevisionException;
import dev.migrate.graph.GraphException;
import dev.migrate.graph.InvalidRevisionIdException;
import dev.migrate.graph.UnknownRevisionException;
import dev.migrate.graph.Revision;
import dev.migrate.graph.RevisionGraph;
import dev.migrate.script.ClasspathLocation;
import dev.migrate.script.JavaRevisionLoader;
import dev.migrate.script.ScriptLoader;
import dev.migrate.config.Config;
import dev.migrate.script.RevisionScript;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What exists on disk: the revision scripts of a script location and the graph they form. Loading needs no
 * database; a malformed script or an inconsistent graph fails here, naming the files.
 */
public final class Project {

    private final List<Path> versionLocations;
    private final Map<String, RevisionScript> scripts;
    private final RevisionGraph graph;

    private Project(List<Path> versionLocations, Map<String, RevisionScript> scripts, RevisionGraph graph) {
        this.versionLocations = versionLocations;
        this.scripts = scripts;
        this.graph = graph;
    }

    /** Loads every revision script in {@code <scriptLocation>/versions}. */
    public static Project load(Path scriptLocation) {
        return load(List.of(scriptLocation.resolve("versions")));
    }

    /**
     * Loads the revision scripts of a configuration's version locations and the revisions of its class path,
     * compiling Java scripts without a cache.
     */
    public static Project load(Config config) {
        return load(config.versionLocations(), new JavaRevisionLoader(null, config.classpath(), JavaRevisionLoader.Listener.NONE));
    }

    /** Loads every revision script in the given directories, compiling Java scripts without a cache. */
    public static Project load(List<Path> versionLocations) {
        return load(versionLocations, JavaRevisionLoader.uncached());
    }

    /**
     * Loads every revision script in the given directories, and the revisions of {@code java}'s class path; Java
     * scripts are compiled through {@code java}'s cache.
     */
    public static Project load(List<Path> versionLocations, JavaRevisionLoader java) {
        return load(versionLocations, List.of(), java);
    }

    /**
     * Loads every revision script in the given directories and class-path locations, and the revisions of
     * {@code java}'s class path.
     */
    public static Project load(List<Path> versionLocations, List<ClasspathLocation> classpathLocations, JavaRevisionLoader java) {
        List<RevisionScript> loaded = ScriptLoader.loadLocations(versionLocations, classpathLocations, java);
        Map<String, RevisionScript> byId = new LinkedHashMap<>();
        List<Revision> revisions = new ArrayList<>();
        for (RevisionScript s : loaded) {
            byId.put(s.id(), s); // ScriptLoader has rejected duplicate ids, naming both files
            revisions.add(new Revision(s.id(), s.revises(), s.dependsOn(), new LinkedHashSet<>(s.branchLabels()), s.message()));
        }
        try {
            return new Project(List.copyOf(versionLocations), Collections.unmodifiableMap(byId), RevisionGraph.of(revisions));
        } catch (GraphException e) {
            throw new ProjectException(e, filesNamedBy(e, byId));
        }
    }

    /** The scripts whose ids the graph error names, so that the message can point at files. */
    private static List<Path> filesNamedBy(GraphException e, Map<String, RevisionScript> byId) {
        Set<Path> files = new LinkedHashSet<>();
        for (String id : revisionIds(e)) {
            RevisionScript s = byId.get(id);
            if (s != null) files.add(s.path());
        }
        return List.copyOf(files);
    }

    private static List<String> revisionIds(GraphException e) {
        if (e instanceof DuplicateRevisionException d) return List.of(d.id());
        if (e instanceof UnknownRevisionException u) return u.referencedBy() == null ? List.of() : List.of(u.referencedBy());
        if (e instanceof CycleException c) return c.ids();
        if (e instanceof DuplicateLabelException d) return d.ids();
        if (e instanceof InvalidRevisionIdException i) return List.of(i.id());
        return List.of();
    }

    /** Where the scripts were loaded from; new revisions go into the first unless told otherwise. */
    public List<Path> versionLocations() { return versionLocations; }

    public RevisionGraph graph() { return graph; }

    /** The script of a revision; null when no script defines it. */
    public RevisionScript script(String id) { return scripts.get(id); }

    public Map<String, RevisionScript> scripts() { return scripts; }
}
