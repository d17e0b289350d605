package dev.migrate.script;

import dev.migrate.api.LintIgnore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A finding of {@code migrate lint} that a revision accepts, and why: {@code -- migrate:lint-ignore RULE reason="..."}
 * before a statement, {@code -- migrate:lint-ignore-file RULE reason="..."} for the whole file, or
 * {@link LintIgnore @LintIgnore} on a Java revision. Read here, beside the scripts, because two parts use it: lint
 * applies it to its findings, and the migrator keeps the reasons in the audit row of the step that runs the revision.
 *
 * @param rule      the rule's id, lower case
 * @param reason    why the finding is safe here; null when none was given (lint then reports the directive)
 * @param line      the directive's line in the file (for a Java revision, its annotation's; 0 without source)
 * @param wholeFile whether it covers the whole file rather than the statement after it
 */
public record LintDirective(String rule, String reason, int line, boolean wholeFile) {

    private static final Pattern COMMENT = Pattern.compile(
            "(?i)^\\s*--\\s*migrate:lint-ignore(-file)?\\s+([a-z0-9-]+)(?:\\s+reason\\s*=\\s*\"([^\"]*)\")?\\s*(.*)$");

    /** {@code @LintIgnore(rule = "...", reason = "...")} in a Java revision's source, in either order. */
    private static final Pattern ANNOTATION = Pattern.compile(
            "@(?:dev\\.migrate\\.api\\.)?LintIgnore\\s*\\(\\s*(?:rule\\s*=\\s*\"([^\"]*)\"\\s*,\\s*reason\\s*=\\s*\"([^\"]*)\""
                    + "|reason\\s*=\\s*\"([^\"]*)\"\\s*,\\s*rule\\s*=\\s*\"([^\"]*)\")\\s*\\)");

    /** The directive as the audit log keeps it: {@code rule: reason}, with the line for one that covers a statement. */
    public String audited() {
        return rule + (wholeFile ? "" : " (line " + line + ")") + ": " + reason.replaceAll("\\s+", " ");
    }

    /** The comment directives among an SQL script's lines. */
    static List<LintDirective> ofSql(String[] lines) {
        List<LintDirective> found = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (!mentionsIgnore(lines[i])) continue;   // the pattern only where it can match: this runs on every load
            Matcher m = COMMENT.matcher(lines[i]);
            if (m.matches()) found.add(new LintDirective(m.group(2).toLowerCase(Locale.ROOT), blankToNull(m.group(3)), i + 1, m.group(1) != null));
        }
        return List.copyOf(found);
    }

    private static boolean mentionsIgnore(String line) {
        for (int at = line.indexOf(':'); at >= 0; at = line.indexOf(':', at + 1)) {
            if (line.regionMatches(true, at + 1, "lint-ignore", 0, "lint-ignore".length())) return true;
        }
        return false;
    }

    /**
     * The {@code @LintIgnore} annotations of a Java revision: from its source where there is one (for their lines),
     * else from the class.
     */
    static List<LintDirective> ofJava(Path source, Class<?> type) {
        if (source != null && source.toString().endsWith(".java") && Files.isRegularFile(source)) {
            try {
                return ofJavaSource(Files.readString(source));
            } catch (IOException | RuntimeException unreadable) {
                // the class says the same, without lines
            }
        }
        List<LintDirective> found = new ArrayList<>();
        if (type != null) {
            for (LintIgnore a : type.getAnnotationsByType(LintIgnore.class)) {
                found.add(new LintDirective(a.rule().toLowerCase(Locale.ROOT), blankToNull(a.reason()), 0, true));
            }
        }
        return List.copyOf(found);
    }

    static List<LintDirective> ofJavaSource(String text) {
        List<LintDirective> found = new ArrayList<>();
        Matcher m = ANNOTATION.matcher(text);
        while (m.find()) {
            String rule = m.group(1) != null ? m.group(1) : m.group(4);
            String reason = m.group(1) != null ? m.group(2) : m.group(3);
            int line = (int) text.substring(0, m.start()).chars().filter(ch -> ch == '\n').count() + 1;
            found.add(new LintDirective(rule.toLowerCase(Locale.ROOT), blankToNull(reason), line, true));
        }
        return List.copyOf(found);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
