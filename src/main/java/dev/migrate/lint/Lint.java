package dev.migrate.lint;

import dev.migrate.core.Project;
import dev.migrate.core.RevisionStatements;
import dev.migrate.db.Dialect;
import dev.migrate.graph.Plan;
import dev.migrate.graph.Step;
import dev.migrate.script.RevisionScript;
import dev.migrate.script.SqlSplitter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Lint over the revisions of a plan: the static pass on each, the trace on a shadow database when one is given
 * ({@link ShadowTrace}), the script's ignore directives, and the weight of production's table sizes.
 */
public final class Lint {

    /** What to run: the style rules, the trace (null: none), its options, and production's sizes. */
    public record Options(boolean style, ShadowTrace trace, ShadowTrace.Options traceOptions, TableStats stats) {
    }

    /** The findings, in the plan's order of revisions and then by line. */
    public record Report(List<String> revisions, List<Finding> findings) {
        /** Whether a finding that stands reaches {@code failOn}. */
        public boolean fails(Severity failOn) {
            return findings.stream().anyMatch(f -> !f.isIgnored() && f.severity().compareTo(failOn) >= 0);
        }
    }

    private Lint() {
    }

    /**
     * @param plan     the upgrade steps to lint, in order (the trace needs their parents before them)
     * @param selected the revisions whose findings are reported (the others are only applied on the way)
     */
    public static Report run(Project project, Plan plan, Set<String> selected, Dialect dialect, Options options) {
        List<Finding> all = new ArrayList<>();
        List<String> revisions = new ArrayList<>();
        List<Finding> traced = options.trace() == null ? List.of()
                : options.trace().trace(plan, options.traceOptions(), selected::contains);
        for (Step step : plan.steps()) {
            if (step.kind() != Step.Kind.UPGRADE || !selected.contains(step.revision().id())) continue;
            String id = step.revision().id();
            RevisionScript script = project.script(id);
            if (script == null) continue;
            revisions.add(id);
            List<SqlSplitter.Statement> statements;
            try {
                statements = RevisionStatements.of(script, true, dialect);
            } catch (RuntimeException cannotRender) {
                statements = List.of();   // a Java revision that needs a live database: the trace still sees it run
            }
            List<Finding> found = new ArrayList<>(StaticLint.check(id, script.path(), statements, !script.transactional(true), options.style()));
            traced.stream().filter(f -> f.revision().equals(id)).forEach(found::add);
            found.sort(Comparator.comparingInt(Finding::line));
            for (Finding f : Ignores.of(script).apply(found, statements, id, script.path())) {
                all.add(TableStats.weigh(f, options.stats()));
            }
        }
        return new Report(List.copyOf(revisions), List.copyOf(all));
    }
}
