package dev.migrate.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options of a fleet run ({@code --tenants}), shared by the commands that can run across tenants. */
final class TenantOptions {

    @Option(names = "--tenants", description = "Run across many tenants (a schema each on the configured database), listed by "
            + "--tenants-query, --tenants-file or --tenants-pattern.")
    boolean tenants;

    @Option(names = "--tenants-query", paramLabel = "SQL", description = "The tenants: the first column of this query on the configured database.")
    String query;

    @Option(names = "--tenants-file", paramLabel = "FILE", description = "The tenants: one a line (# comments).")
    Path file;

    @Option(names = "--tenants-pattern", paramLabel = "GLOB", description = "The tenants: the schemas whose names match (tenant_*).")
    String pattern;

    @Option(names = "--tenants-mode", paramLabel = "MODE", description = "schema (default: a schema each on the configured database) "
            + "or database (a database each: a name on the configured server, or a URL).")
    String mode;

    @Option(names = "--tenants-url-template", paramLabel = "URL", description = "Database mode: a tenant's URL, $${tenant} standing for its "
            + "name (default: the configured URL with the tenant as its database).")
    String urlTemplate;

    @Option(names = "--tenants-search-path", paramLabel = "PATH", description = "A tenant's search path; default: $${tenant}, public.")
    String searchPath;

    @Option(names = "--parallel", paramLabel = "N", description = "How many tenants run at once (default: 4, at most the cores).")
    Integer parallel;

    @Option(names = "--canary", paramLabel = "K", description = "The first K tenants run alone; the run stops at their first failure (default 1).")
    Integer canary;

    @Option(names = "--max-failures", paramLabel = "M", description = "Start no more tenants once M have failed (default 10; 0: no limit).")
    Integer maxFailures;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the per-tenant report (JSON) to FILE.")
    Path report;

    @Option(names = "--only-failed", paramLabel = "REPORT", description = "Run only the tenants that REPORT (of an earlier --report) left unfinished.")
    Path onlyFailed;

    @Option(names = "--fingerprint", description = "Fingerprint each tenant's schema (SHA-256 of what dump-schema prints for it) and name "
            + "the tenants whose schema differs from the one most tenants at the same heads have (drift).")
    boolean fingerprint;

    /**
     * These options, with the configuration file's keys where an option is not given (an option wins); the list of
     * tenants comes whole from one side. The options as parsed stay as they are.
     */
    TenantOptions withKeys(dev.migrate.config.TenantsConfig keys) {
        TenantOptions o = new TenantOptions();
        boolean listed = query != null || file != null || pattern != null;
        o.query = listed ? query : keys.query();
        o.file = listed ? file : keys.file();
        o.pattern = listed ? pattern : keys.pattern();
        o.mode = mode != null ? mode : keys.mode();
        o.urlTemplate = urlTemplate != null ? urlTemplate : keys.urlTemplate();
        o.searchPath = searchPath != null ? searchPath : keys.searchPath();
        o.parallel = parallel != null ? parallel : keys.parallel();
        o.canary = canary != null ? canary : keys.canary();
        o.maxFailures = maxFailures != null ? maxFailures : keys.maxFailures();
        o.tenants = tenants;
        o.report = report;
        o.onlyFailed = onlyFailed;
        o.fingerprint = fingerprint;
        return o;
    }

    /**
     * Whether the command runs across tenants; an option that only a run across tenants reads, given without the
     * tenants, is a usage error rather than silently ignored.
     */
    boolean active(picocli.CommandLine.Model.CommandSpec spec) {
        if (active()) return true;
        String given = parallel != null ? "--parallel" : canary != null ? "--canary" : maxFailures != null ? "--max-failures"
                : report != null ? "--report" : fingerprint ? "--fingerprint" : mode != null ? "--tenants-mode"
                : urlTemplate != null ? "--tenants-url-template" : searchPath != null ? "--tenants-search-path" : null;
        if (given != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), given + " applies to a run across tenants: give "
                    + "the tenants with --tenants-pattern, --tenants-query or --tenants-file (or --tenants with the tenants_* keys).");
        }
        return false;
    }

    /**
     * For {@code current} and {@code check} across tenants, which run nothing: an option that only a run reads is a
     * usage error rather than silently ignored.
     */
    void surveyOnly(picocli.CommandLine.Model.CommandSpec spec, String command) {
        String given = canary != null ? "--canary" : maxFailures != null ? "--max-failures" : report != null ? "--report" : null;
        if (given != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), given + " applies to upgrade, downgrade and stamp "
                    + "across tenants: " + command + " runs nothing" + (report != null ? " (--format json prints its document)" : "") + ".");
        }
    }

    /** Whether the command runs across tenants. */
    boolean active() {
        return tenants || query != null || file != null || pattern != null || onlyFailed != null;
    }
}
