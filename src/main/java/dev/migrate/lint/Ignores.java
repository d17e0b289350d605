package dev.migrate.lint;

import dev.migrate.script.LintDirective;
import dev.migrate.script.RevisionScript;
import dev.migrate.script.SqlSplitter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A script's {@code -- migrate:lint-ignore RULE reason="..."} directives (the statement after the line) and
 * {@code -- migrate:lint-ignore-file RULE reason="..."} (the whole file). A finding they name is kept, marked
 * ignored with the reason; a directive without a reason is a finding of its own.
 */
public final class Ignores {

    private final List<LintDirective> directives;

    private Ignores(List<LintDirective> directives) {
        this.directives = directives;
    }

    public static final Ignores NONE = new Ignores(List.of());

    /** The directives of a revision's script, its upgrade's and those for the whole file. */
    public static Ignores of(RevisionScript script) {
        return new Ignores(script.lintIgnores(true));
    }

    /**
     * The findings with the directives applied, and a finding for each directive without a reason.
     *
     * @param statements the section's statements, to know which statement follows a directive line
     */
    public List<Finding> apply(List<Finding> findings, List<SqlSplitter.Statement> statements, String revision, Path file) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            LintDirective d = covering(f, statements);
            out.add(d == null || d.reason() == null ? f : f.ignoredFor(d.reason()));
        }
        for (LintDirective d : directives) {
            if (d.reason() == null) {
                Rule r = Rule.find("ignore-without-reason").orElseThrow();
                out.add(new Finding(r.id(), r.severity(), revision, file, d.line(), null, null,
                        "ignores " + d.rule() + " without a reason; the finding stands", r.fix(), null));
            }
        }
        return out;
    }

    private LintDirective covering(Finding f, List<SqlSplitter.Statement> statements) {
        for (LintDirective d : directives) {
            if (!d.rule().equals(f.rule())) continue;
            if (d.wholeFile()) return d;
            int next = Integer.MAX_VALUE;
            for (SqlSplitter.Statement s : statements) {
                if (s.line() > d.line() && s.line() < next) next = s.line();
            }
            if (next == f.line()) return d;
        }
        return null;
    }
}
