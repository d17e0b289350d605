package dev.migrate.cli;

import dev.migrate.core.DatabaseState;
import dev.migrate.core.Project;
import dev.migrate.core.RunResult;
import dev.migrate.core.StepResult;
import dev.migrate.db.AuditEntry;
import dev.migrate.graph.Plan;
import dev.migrate.graph.Revision;
import dev.migrate.graph.RevisionGraph;
import dev.migrate.graph.RevisionText;
import dev.migrate.graph.Step;
import dev.migrate.script.RevisionScript;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The documents of {@code --format json}: every command's document, and each element they share (a revision,
 * a step, an audit record), is built by exactly one method here. MIGRATIONS.md, "Machine-readable output",
 * documents them; a change that could break a reader raises {@link #FORMAT}.
 */
final class JsonOutput {
    private JsonOutput() { }

    /** The version of the documents' schema, the top-level {@code "format"} field. */
    static final int FORMAT = 1;

    /**
     * The commands that print a document; the others ({@code completion}, whose output is a shell script) refuse
     * {@code --format json}.
     */
    static final List<String> COMMANDS = List.of("current", "history", "heads", "branches", "show", "check", "upgrade",
            "downgrade", "stamp", "accept", "revision", "merge", "init", "diff", "dump-schema", "log", "lint");

    /** Prints one document on standard output. */
    static void print(PrintWriter out, Json.Obj document) {
        out.println(Json.write(document));
        out.flush();
    }

    /** The two fields every document starts with. */
    static Json.Obj document(String command) {
        return Json.object().put("format", FORMAT).put("command", command);
    }

    // ----- documents -----

    /** {@code current}: the version table's rows, the revisions the database is at, and what does not match the scripts. */
    static Json.Obj current(Project project, String database, DatabaseState state, Path wd) {
        Json.Obj doc = document("current").put("database", database).put("heads", state.heads())
                .put("revisions", revisions(project, project.graph().current(state.knownHeads()), wd));
        return state(doc, state, wd);
    }

    /** {@code history}: {@code heads} is null when the database was not read (no {@code -i}, no {@code current} end). */
    static Json.Obj history(Project project, String range, List<String> databaseHeads, List<Revision> walk, Path wd) {
        return document("history").put("range", range).put("heads", databaseHeads)
                .put("revisions", revisions(project, walk.stream().map(Revision::id).toList(), wd));
    }

    static Json.Obj heads(Project project, List<String> heads, Path wd) {
        return document("heads").put("revisions", revisions(project, heads, wd));
    }

    static Json.Obj show(Project project, String target, List<String> ids, Path wd) {
        return document("show").put("target", target).put("revisions", revisions(project, ids, wd));
    }

    /** {@code check}: each category on its own; {@code ok} is true when none has anything in it. */
    static Json.Obj check(Project project, String database, boolean ok, DatabaseState state, Plan pending,
                          List<String> scriptHeads, Path wd) {
        Json.Obj doc = document("check").put("database", database).put("ok", ok).put("heads", state.heads())
                .put("script_heads", scriptHeads)
                .put("pending", pending.steps().stream().map(s -> step(s, scriptFile(project, s), wd)).toList())
                .put("several_heads", scriptHeads.size() > 1);
        return state(doc, state, wd);
    }

    /** {@code upgrade}, {@code downgrade}, {@code stamp}: what ran. */
    static Json.Obj run(RunResult r, String database, Path wd) {
        List<Json.Obj> steps = r.steps().stream().map(s -> step(s, wd)).toList();
        return document(r.command()).put("database", database).put("heads_before", r.headsBefore())
                .put("heads_after", r.headsAfter()).put("duration_ms", r.duration().toMillis()).put("steps", steps);
    }

    /** {@code branches}: the branch points, in the order the text output lists them. */
    static Json.Obj branches(Project project, List<String> ids, Path wd) {
        return document("branches").put("revisions", revisions(project, ids, wd));
    }

    /** {@code accept}: the revisions whose current script was accepted, in order. */
    static Json.Obj accept(String database, List<String> accepted) {
        return document("accept").put("database", database).put("accepted", accepted);
    }

    /**
     * {@code revision}, {@code merge}: the script written, and its revision as the scripts now have it;
     * {@code project} is loaded after writing, so that it holds the new script.
     */
    static Json.Obj written(String command, Project project, Path file, Path wd) {
        Path written = file.toAbsolutePath().normalize();
        String id = project.scripts().entrySet().stream()
                .filter(e -> e.getValue().path().toAbsolutePath().normalize().equals(written))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalStateException("the scripts do not hold the one just written: " + file));
        return document(command).put("file", path(file, wd)).put("revision", revision(project, id, wd));
    }

    /** {@code init}: what it created; {@code config_created} is false when the config file existed and was left alone. */
    static Json.Obj init(Path directory, Path versions, Path config, boolean configCreated, Path wd) {
        return document("init").put("directory", path(directory, wd)).put("versions", path(versions, wd))
                .put("config", path(config, wd)).put("config_created", configCreated);
    }

    // ----- elements -----

    /** A revision of the scripts, with what the graph says about it. */
    static Json.Obj revision(Project project, String id, Path wd) {
        RevisionGraph graph = project.graph();
        Revision r = graph.get(id);
        return Json.object()
                .put("revision", id)
                .put("message", RevisionText.doc(r))
                .put("long_message", RevisionText.longDoc(r))
                .put("down_revisions", r.downRevisions())
                .put("depends_on", r.dependsOn())
                .put("branch_labels", graph.branchLabels(id))
                .put("children", graph.children(id))
                .put("is_head", graph.isHead(id))
                .put("is_effective_head", graph.isHead(id) && !graph.isRealHead(id))
                .put("is_base", graph.isBase(id))
                .put("is_branch_point", graph.isBranchPoint(id))
                .put("is_merge_point", graph.isMergePoint(id))
                .put("file", path(project.script(id) == null ? null : project.script(id).path(), wd));
    }

    private static List<Json.Obj> revisions(Project project, List<String> ids, Path wd) {
        return ids.stream().map(id -> revision(project, id, wd)).toList();
    }

    /** A step of a plan; a stamp step has no revision, message or file. */
    static Json.Obj step(Step step, Path file, Path wd) {
        return Json.object()
                .put("revision", step.revision() == null ? null : step.revision().id())
                .put("kind", step.kind().name().toLowerCase(Locale.ROOT))
                .put("from", step.fromRevisionsNoDeps())
                .put("to", step.toRevisionsNoDeps())
                .put("message", step.revision() == null ? null : RevisionText.doc(step.revision()))
                .put("file", path(file, wd));
    }

    /** A step that ran: the step, and how long it took. */
    private static Json.Obj step(StepResult s, Path wd) {
        return step(s.step(), s.file(), wd).put("duration_ms", s.duration().toMillis());
    }

    private static Path scriptFile(Project project, Step step) {
        RevisionScript script = step.revision() == null ? null : project.script(step.revision().id());
        return script == null ? null : script.path();
    }

    /** The three ways a database can disagree with the scripts, as {@code unknown}, {@code changed}, {@code partial}. */
    static Json.Obj state(Json.Obj into, DatabaseState state, Path wd) {
        return into
                .put("unknown", state.unknown().stream().map(u -> Json.object()
                        .put("revision", u.revision())
                        .put("applied", audit(u.applied()))
                        .put("known_ancestors", u.knownAncestors())).toList())
                .put("changed", state.changed().stream().map(c -> Json.object()
                        .put("revision", c.revision())
                        .put("file", path(c.file(), wd))
                        .put("recorded_checksum", c.recordedChecksum())
                        .put("current_checksum", c.currentChecksum())
                        .put("applied", audit(c.applied()))).toList())
                .put("partial", state.partial().stream().map(p -> Json.object()
                        .put("revision", p.revision())
                        .put("file", path(p.file(), wd))
                        .put("kind", p.last().kind())
                        .put("status", p.last().status())
                        .put("statement", p.last().statement())
                        .put("error", p.last().error())
                        .put("started", audit(p.last()))).toList());
    }

    /** When and by whom an audit row was written; null for none. */
    private static Json.Obj audit(AuditEntry e) {
        if (e == null) return null;
        return Json.object()
                .put("at", e.startedAt() == null ? null : e.startedAt().toString())
                .put("os_user", e.osUser())
                .put("host", e.host())
                .put("database_user", e.databaseUser())
                .put("tool_version", e.toolVersion());
    }

    /** A path as the text output shows it: relative to the working directory when inside it; null for none. */
    static String path(Path file, Path wd) {
        return file == null ? null : Texts.relative(file, wd);
    }

    // ----- where --format json applies -----

    /**
     * Refuses {@code --format json}, before anything runs, where it would not give a document: a command without
     * one, or {@code --sql}, whose output is an SQL script.
     */
    /** The commands whose output can be an SQL script ({@code --format sql}). */
    static final List<String> SQL_COMMANDS = List.of("diff", "dump-schema");

    static CommandLine.IExecutionStrategy refusingWithoutDocument(Main main, CommandLine.IExecutionStrategy next) {
        return parseResult -> {
            ParseResult sub = parseResult.subcommand();
            if (main.json() && sub != null && !sub.isUsageHelpRequested() && !sub.isVersionHelpRequested()) {
                CommandLine cl = sub.commandSpec().commandLine();
                if (!COMMANDS.contains(sub.commandSpec().name())) {
                    throw new ParameterException(cl, "`" + sub.commandSpec().name() + "` has no --format json output; "
                            + "the commands that have one: " + String.join(", ", COMMANDS) + ".");
                }
                if (sub.hasMatchedOption("--sql")) {
                    throw new ParameterException(cl, "--sql prints an SQL script and cannot be combined with --format json.");
                }
            }
            if (main.format == OutputFormat.SQL && sub != null && !sub.isUsageHelpRequested() && !sub.isVersionHelpRequested()
                    && !SQL_COMMANDS.contains(sub.commandSpec().name())) {
                throw new ParameterException(sub.commandSpec().commandLine(), "--format sql is for " + String.join(" and ", SQL_COMMANDS)
                        + "; `" + sub.commandSpec().name() + "` prints text or json.");
            }
            if ((main.format == OutputFormat.GITHUB || main.format == OutputFormat.SARIF) && sub != null && !sub.isUsageHelpRequested()
                    && !sub.isVersionHelpRequested() && !sub.commandSpec().name().equals("lint")) {
                throw new ParameterException(sub.commandSpec().commandLine(), "--format " + main.format.name().toLowerCase(java.util.Locale.ROOT)
                        + " is for lint; `" + sub.commandSpec().name() + "` prints text or json.");
            }
            return next.execute(parseResult);
        };
    }
}
