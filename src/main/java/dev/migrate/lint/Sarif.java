package dev.migrate.lint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A lint report as a SARIF 2.1.0 log (OASIS), as maps and lists for a JSON writer: one run, migrate as the tool
 * with every rule, one result a finding (an ignored one carries a suppression with its reason).
 */
public final class Sarif {
    private Sarif() {
    }

    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    /**
     * @param path how a script's path is written (relative to the repository, with forward slashes)
     */
    public static Map<String, Object> log(Lint.Report report, String toolVersion, Function<Path, String> path) {
        List<Object> rules = new ArrayList<>();
        for (Rule r : Rule.ALL) {
            rules.add(map("id", r.id(), "shortDescription", map("text", r.summary()), "help", map("text", r.fix()),
                    "defaultConfiguration", map("level", level(r.severity()))));
        }
        List<Object> results = new ArrayList<>();
        for (Finding f : report.findings()) {
            Map<String, Object> region = new LinkedHashMap<>();
            region.put("startLine", Math.max(1, f.line()));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("ruleId", f.rule());
            result.put("level", level(f.severity()));
            result.put("message", map("text", f.revision() + ": " + f.message() + (f.fix() == null ? "" : " Fix: " + f.fix())));
            result.put("locations", List.of(map("physicalLocation", map(
                    "artifactLocation", map("uri", f.file() == null ? "migrations" : path.apply(f.file())), "region", region))));
            if (f.isIgnored()) {
                result.put("suppressions", List.of(map("kind", "inSource", "justification", f.ignored())));
            }
            results.add(result);
        }
        Map<String, Object> driver = map("name", "migrate", "version", toolVersion,
                "informationUri", "https://github.com/migrate/migrate", "rules", rules);
        return map("$schema", SCHEMA, "version", "2.1.0", "runs", List.of(map("tool", map("driver", driver), "results", results)));
    }

    /** SARIF's levels: error, warning, note. */
    public static String level(Severity s) {
        return s.label();
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
