package dev.migrate.core;

import dev.migrate.db.AuditEntry;
import dev.migrate.graph.Revision;
import dev.migrate.graph.RevisionGraph;
import dev.migrate.script.RevisionScript;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the database says, checked against what is on disk: the heads it records, which of them no script
 * defines (a database ahead of the code), applied revisions whose script changed since, and non-transactional
 * revisions that stopped part-way. A pure function of the project, the version rows and the audit log.
 */
public record DatabaseState(List<String> heads, List<String> knownHeads, List<Unknown> unknown, List<Changed> changed,
                            List<Partial> partial) {

    /** A revision in the version table that no script defines; {@code applied} is its audit row, if any. */
    public record Unknown(String revision, AuditEntry applied, List<String> knownAncestors) {
        public String describe() {
            return revision + (applied == null ? " (no audit record)" : " (applied " + Audit.who(applied) + ")");
        }
    }

    /** An applied revision whose script's checksum differs from the one recorded when it was applied. */
    public record Changed(String revision, Path file, String recordedChecksum, String currentChecksum, AuditEntry applied) {
        public String describe() {
            return revision + " (" + file + "), applied " + Audit.who(applied);
        }
    }

    /** A non-transactional revision whose last audit row says it started or failed part-way. */
    public record Partial(String revision, Path file, AuditEntry last) {
        public String describe() {
            return revision + " (" + file + "): " + (AuditEntry.RUNNING.equals(last.status())
                    ? "it started and has not finished (its run is still going, or ended part-way), in statement: " : "it failed part-way, in statement: ")
                    + (last.statement() == null ? "(unknown)" : ErrorText.shorten(last.statement()))
                    + (last.error() == null ? "" : " (" + firstLine(last.error()) + ")");
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The heads to plan from: the known ones, and in place of an unknown one its nearest known ancestors. */
    public List<String> planningHeads() {
        Set<String> out = new LinkedHashSet<>(knownHeads);
        for (Unknown u : unknown) out.addAll(u.knownAncestors());
        return List.copyOf(out);
    }

    public boolean clean() {
        return unknown.isEmpty() && changed.isEmpty() && partial.isEmpty();
    }

    static DatabaseState of(Project project, List<String> heads, List<AuditEntry> audit) {
        RevisionGraph graph = project.graph();
        List<String> known = heads.stream().filter(h -> graph.get(h) != null).toList();

        // The last row of each revision: its state; the last successful upgrade or accept: its checksum.
        Map<String, AuditEntry> last = new HashMap<>();
        Map<String, AuditEntry> lastApplied = new HashMap<>();
        Map<String, AuditEntry> created = new HashMap<>();
        for (AuditEntry e : audit) {
            if (e.revision() == null) continue;
            if (!"accept".equals(e.kind())) last.put(e.revision(), e);
            if (e.success() && ("upgrade".equals(e.kind()) || "accept".equals(e.kind()))) lastApplied.put(e.revision(), e);
            if (e.success() && !"downgrade".equals(e.kind())) {
                for (String h : e.headsAfter()) {
                    if (!e.headsBefore().contains(h)) created.put(h, e);
                }
            }
        }

        List<Unknown> unknown = new ArrayList<>();
        for (String h : heads) {
            if (graph.get(h) == null) unknown.add(new Unknown(h, created.get(h), knownAncestors(h, graph, created)));
        }

        // Applied: everything below the known heads, and below the known ancestors of unknown ones.
        Set<String> appliedHeads = new LinkedHashSet<>(known);
        for (Unknown u : unknown) appliedHeads.addAll(u.knownAncestors());
        List<Changed> changed = new ArrayList<>();
        Set<String> atOrBelowHeads = new HashSet<>();
        // The walk orders the applied revisions; over a long history it costs more than the rest, so it is made
        // only when a checksum differs or a revision stopped part-way, the two things it is needed to report.
        if (!appliedHeads.isEmpty() && (anyChecksumDiffers(project, checksums(lastApplied)) || anyUnfinished(last))) {
            for (Revision r : graph.walk("base", appliedHeads)) {
                atOrBelowHeads.add(r.id());
                RevisionScript script = project.script(r.id());
                AuditEntry applied = lastApplied.get(r.id());
                if (script == null || applied == null || applied.checksum() == null) continue;
                if (!applied.checksum().equals(script.checksum())) {
                    changed.add(new Changed(r.id(), script.path(), applied.checksum(), script.checksum(), applied));
                }
            }
        }

        List<Partial> partial = new ArrayList<>();
        for (Map.Entry<String, AuditEntry> e : last.entrySet()) {
            String status = e.getValue().status();
            // Settled since by a stamp past it: the version table says the step it was part of is done.
            boolean settled = "downgrade".equals(e.getValue().kind()) != atOrBelowHeads.contains(e.getKey());
            if ((AuditEntry.RUNNING.equals(status) || AuditEntry.PARTIAL.equals(status)) && !settled) {
                RevisionScript script = project.script(e.getKey());
                partial.add(new Partial(e.getKey(), script == null ? null : script.path(), e.getValue()));
            }
        }
        partial.sort(java.util.Comparator.comparing(Partial::revision));
        return new DatabaseState(List.copyOf(heads), known, unknown, changed, partial);
    }

    private static Map<String, String> checksums(Map<String, AuditEntry> lastApplied) {
        Map<String, String> recorded = new HashMap<>();
        lastApplied.forEach((revision, e) -> recorded.put(revision, e.checksum()));
        return recorded;
    }

    /**
     * Whether a script's checksum differs from the one recorded when its revision was last applied (by revision; a
     * null checksum, or a revision no script defines, is no difference): the cheap test in front of the walk that
     * tells which applied revisions changed.
     */
    public static boolean anyChecksumDiffers(Project project, Map<String, String> appliedChecksums) {
        for (Map.Entry<String, String> e : appliedChecksums.entrySet()) {
            RevisionScript script = project.script(e.getKey());
            if (script != null && e.getValue() != null && !e.getValue().equals(script.checksum())) return true;
        }
        return false;
    }

    private static boolean anyUnfinished(Map<String, AuditEntry> last) {
        for (AuditEntry e : last.values()) {
            if (AuditEntry.RUNNING.equals(e.status()) || AuditEntry.PARTIAL.equals(e.status())) return true;
        }
        return false;
    }

    /** The nearest revisions the scripts know below an unknown one, from the audit log's heads before it. */
    private static List<String> knownAncestors(String id, RevisionGraph graph, Map<String, AuditEntry> created) {
        Set<String> out = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(List.of(id));
        while (!todo.isEmpty()) {
            String r = todo.remove(todo.size() - 1);
            if (!seen.add(r)) continue;
            AuditEntry e = created.get(r);
            if (e == null) continue;
            for (String before : e.headsBefore()) {
                if (e.headsAfter().contains(before)) continue; // a head on another branch, not a parent
                if (graph.get(before) != null) out.add(before);
                else todo.add(before);
            }
        }
        return List.copyOf(out);
    }

    /** Phrases about audit rows. */
    static final class Audit {
        private Audit() { }

        static String who(AuditEntry e) {
            if (e == null) return "at an unknown time";
            StringBuilder s = new StringBuilder(String.valueOf(e.startedAt() == null ? Instant.EPOCH : e.startedAt()));
            String user = e.osUser() == null ? null : e.osUser() + (e.host() == null ? "" : "@" + e.host());
            if (user != null) s.append(" by ").append(user);
            if (e.databaseUser() != null) s.append(user == null ? " by database user " : ", database user ").append(e.databaseUser());
            if (e.toolVersion() != null) s.append(" (migrate ").append(e.toolVersion()).append(')');
            return s.toString();
        }
    }
}
