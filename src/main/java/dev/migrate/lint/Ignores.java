package dev.migrate.lint;

import dev.migrate.script.SqlSplitter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A script's {@code -- migrate:lint-ignore RULE reason="..."} directives (the statement after the line) and
 * {@code -- migrate:lint-ignore-file RULE reason="..."} (the whole file). A finding they name is kept, marked
 * ignored with the reason; a directive without a reason is a finding of its own.
 */
public final class Ignores {

    private static final Pattern DIRECTIVE = Pattern.compile(
            "(?i)^\\s*--\\s*migrate:lint-ignore(-file)?\\s+([a-z0-9-]+)(?:\\s+reason\\s*=\\s*\"([^\"]*)\")?\\s*(.*)$");

    /** One directive: the rule, the reason (null when none was given), its line, and whether it covers the file. */
    record Directive(String rule, String reason, int line, boolean file) {
    }

    private final List<Directive> directives;

    private Ignores(List<Directive> directives) {
        this.directives = directives;
    }

    public static final Ignores NONE = new Ignores(List.of());

    /** {@code @LintIgnore(rule = "...", reason = "...")} in a Java revision's source, in either order. */
    private static final Pattern ANNOTATION = Pattern.compile(
            "@(?:dev\\.migrate\\.api\\.)?LintIgnore\\s*\\(\\s*(?:rule\\s*=\\s*\"([^\"]*)\"\\s*,\\s*reason\\s*=\\s*\"([^\"]*)\""
                    + "|reason\\s*=\\s*\"([^\"]*)\"\\s*,\\s*rule\\s*=\\s*\"([^\"]*)\")\\s*\\)");

    /** The directives of a script file (an SQL script's comments, a Java revision's annotations); none when it cannot be read. */
    public static Ignores of(Path file) {
        if (file != null && file.toString().endsWith(".java")) return ofJava(file);
        if (file == null || !file.toString().endsWith(".sql")) return NONE;
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return NONE;
        }
        List<Directive> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = DIRECTIVE.matcher(lines.get(i));
            if (m.matches()) found.add(new Directive(m.group(2).toLowerCase(java.util.Locale.ROOT), blankToNull(m.group(3)), i + 1, m.group(1) != null));
        }
        return new Ignores(found);
    }

    private static Ignores ofJava(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            return NONE;
        }
        List<Directive> found = new ArrayList<>();
        Matcher m = ANNOTATION.matcher(text);
        while (m.find()) {
            String rule = m.group(1) != null ? m.group(1) : m.group(4);
            String reason = m.group(1) != null ? m.group(2) : m.group(3);
            int line = (int) text.substring(0, m.start()).chars().filter(ch -> ch == '\n').count() + 1;
            found.add(new Directive(rule.toLowerCase(java.util.Locale.ROOT), blankToNull(reason), line, true));
        }
        return new Ignores(found);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /**
     * The findings with the directives applied, and a finding for each directive without a reason.
     *
     * @param statements the section's statements, to know which statement follows a directive line
     */
    public List<Finding> apply(List<Finding> findings, List<SqlSplitter.Statement> statements, String revision, Path file) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            Directive d = covering(f, statements);
            out.add(d == null || d.reason() == null ? f : f.ignoredFor(d.reason()));
        }
        for (Directive d : directives) {
            if (d.reason() == null) {
                Rule r = Rule.find("ignore-without-reason").orElseThrow();
                out.add(new Finding(r.id(), r.severity(), revision, file, d.line(), null, null,
                        "ignores " + d.rule() + " without a reason; the finding stands", r.fix(), null));
            }
        }
        return out;
    }

    private Directive covering(Finding f, List<SqlSplitter.Statement> statements) {
        for (Directive d : directives) {
            if (!d.rule().equals(f.rule())) continue;
            if (d.file()) return d;
            int next = Integer.MAX_VALUE;
            for (SqlSplitter.Statement s : statements) {
                if (s.line() > d.line() && s.line() < next) next = s.line();
            }
            if (next == f.line()) return d;
        }
        return null;
    }
}
