package dev.migrate.cli;

import dev.migrate.core.Migrator;
import dev.migrate.db.AuditEntry;
import dev.migrate.graph.Revision;
import dev.migrate.graph.RevisionGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Command(name = "log", mixinStandardHelpOptions = true,
        description = "Show the audit log, newest first: each upgrade, downgrade and stamp step and each failed attempt, "
                + "with who ran it, where, when, how long it took and the error.")
final class LogCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Option(names = {"-n", "--max-count"}, paramLabel = "N", defaultValue = "20",
            description = "Show at most N entries (default: ${DEFAULT-VALUE}; 0 for all).")
    int limit;

    @Option(names = "--revision", paramLabel = "REV", description = "Only the entries of this revision (an id, a prefix of one, or a label).")
    String revision;

    @Option(names = "--since", paramLabel = "WHEN",
            description = "Only entries since WHEN: a date (2026-12-01), a time (2026-12-01T10:00:00Z) or an age (30m, 12h, 7d).")
    String since;

    private static final Pattern AGE = Pattern.compile("(\\d+)\\s*(s|m|h|d|w)");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @Override
    public Integer call() {
        if (limit < 0) throw new ParameterException(spec.commandLine(), "-n must be 0 (all) or more, not " + limit);
        Instant from = since == null ? null : since(since, Instant.now());
        Migrator migrator = new Session(main).migrator("log");
        String id = revision == null ? null : revisionId(migrator.project().graph(), revision);
        List<AuditEntry> entries = migrator.auditLog(id, from == null ? limit : 0);
        if (from != null) {
            entries = entries.stream().filter(e -> e.startedAt() != null && !e.startedAt().isBefore(from))
                    .limit(limit == 0 ? Long.MAX_VALUE : limit).toList();
        }
        String database = Texts.database(migrator.database().description(), main.workingDirectory);
        PrintWriter out = spec.commandLine().getOut();
        if (main.json()) {
            JsonOutput.print(out, JsonOutput.document("log").put("database", migrator.database().description())
                    .put("entries", entries.stream().map(LogCommand::json).toList()));
            return ExitCode.OK;
        }
        if (entries.isEmpty()) {
            out.println("No entries in the audit log of " + database + (revision != null || since != null ? " that match." : "."));
            return ExitCode.OK;
        }
        for (AuditEntry e : entries) print(out, e);
        return ExitCode.OK;
    }

    /** A revision as the user named it: resolved through the scripts, or as given when no script knows it. */
    private static String revisionId(RevisionGraph graph, String rev) {
        try {
            List<Revision> found = graph.resolve(rev);
            if (found.size() == 1) return found.get(0).id();
        } catch (RuntimeException unknown) {
            // a revision the scripts do not know (any more) may still be in the log
        }
        return rev;
    }

    /** {@code --since}: a date, a time, or an age before {@code now}. */
    Instant since(String text, Instant now) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher age = AGE.matcher(t);
        if (age.matches()) {
            long n = Long.parseLong(age.group(1));
            Duration d = switch (age.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return now.minus(d);
        }
        String iso = text.strip().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(iso).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw new ParameterException(spec.commandLine(), "--since: `" + text + "` is neither a date (2026-12-01), "
                            + "a time (2026-12-01T10:00:00Z; UTC unless an offset is given) nor an age (30m, 12h, 7d)");
                }
            }
        }
    }

    private static void print(PrintWriter out, AuditEntry e) {
        StringBuilder line = new StringBuilder();
        line.append(e.startedAt() == null ? "-" : SHOWN.format(e.startedAt())).append("  ")
                .append(pad(e.kind(), 9)).append(' ').append(pad(e.status(), 11)).append(' ')
                .append(e.revision() == null ? "-" : e.revision());
        if (!"accept".equals(e.kind())) {
            line.append("  (").append(heads(e.headsBefore())).append(" -> ").append(heads(e.headsAfter())).append(')');
        }
        line.append("  ").append(e.durationMillis()).append(" ms  by ").append(who(e));
        out.println(line);
        if (e.error() != null) out.println("    error: " + e.error().replace("\n", "\n           "));
        if (e.statement() != null && !e.success()) out.println("    statement: " + e.statement().replace("\n", "\n               "));
        for (String ignored : e.lintIgnored()) out.println("    lint ignored: " + ignored);
        if (e.runId() != null) out.println("    run across tenants: " + e.runId());
    }

    private static String who(AuditEntry e) {
        String os = e.osUser() == null ? "?" : e.osUser();
        String where = e.host() == null ? "" : "@" + e.host();
        String db = e.databaseUser() == null ? "" : " as " + e.databaseUser();
        String tool = e.toolVersion() == null ? "" : ", migrate " + e.toolVersion();
        return os + where + db + tool;
    }

    private static String heads(List<String> heads) {
        return heads.isEmpty() ? "base" : String.join(", ", heads);
    }

    private static String pad(String s, int width) {
        String v = s == null ? "-" : s;
        return v.length() >= width ? v : v + " ".repeat(width - v.length());
    }

    private static Json.Obj json(AuditEntry e) {
        return Json.object()
                .put("id", e.id())
                .put("revision", e.revision())
                .put("kind", e.kind())
                .put("status", e.status())
                .put("heads_before", e.headsBefore())
                .put("heads_after", e.headsAfter())
                .put("started_at", e.startedAt() == null ? null : e.startedAt().toString())
                .put("duration_ms", e.durationMillis())
                .put("database_user", e.databaseUser())
                .put("os_user", e.osUser())
                .put("host", e.host())
                .put("tool_version", e.toolVersion())
                .put("checksum", e.checksum())
                .put("error", e.error())
                .put("statement", e.statement())
                .put("lint_ignored", e.lintIgnored())
                .put("run_id", e.runId());
    }
}
