package dev.migrate.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced code blocks of a Markdown file (MIGRATIONS.md, README.md), each with the heading it stands under and
 * its doc-test marker: an HTML comment on the line directly above the fence, invisible on GitHub,
 * <pre>
 * &lt;!-- doc-test: setup=two-heads; given=upgrade 3c4d --&gt;
 * </pre>
 * made of {@code key=value} pairs separated by {@code ;} (a key without {@code =} has the value {@code ""}). The keys
 * and what the tests do with each block are described in {@link GuideTest}.
 */
public record Guide(Path file, List<String> lines, List<Block> blocks) {

    /** The keys a doc-test marker may have (see {@link GuideTest}). */
    public static final Set<String> KEYS = Set.of("setup", "given", "process", "junit", "fragment", "then", "run-by", "skip", "source");

    /** What a block is, and so what runs it. */
    public enum Kind { TRANSCRIPT, SQL, YAML, JAVA_REVISION, JAVA_TEST, SHELL, RUN_BY, SOURCE, SKIP }

    private static final Pattern MARKER = Pattern.compile("^<!--\\s*doc-test:(.*?)-->\\s*$");
    private static final Pattern FENCE = Pattern.compile("^```(\\S*)\\s*$");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*)$");

    /** The repository's user guide. */
    public static Guide migrations() {
        return read(Path.of("MIGRATIONS.md"));
    }

    /** The one block of the user guide marked {@code run-by=testClass}: the block that test class runs. */
    public static Block runBy(String testClass) {
        List<Block> marked = migrations().blocks().stream().filter(b -> testClass.equals(b.get("run-by"))).toList();
        if (marked.size() != 1) throw new AssertionError(marked.size() + " blocks of MIGRATIONS.md are marked run-by=" + testClass + ", not 1");
        return marked.get(0);
    }

    /** Each line of a block of {@code migrate} commands, run in process, in order, each asserted to exit 0. */
    public static List<dev.migrate.support.Cli.Result> runMigrateLines(Block block, dev.migrate.support.Cli cli) {
        List<dev.migrate.support.Cli.Result> out = new ArrayList<>();
        for (String line : block.lines()) {
            List<String> words = Transcripts.words(line);
            if (!words.get(0).equals("migrate")) throw new AssertionError("not a migrate command: " + line);
            dev.migrate.support.Cli.Result r = cli.run(words.subList(1, words.size()).toArray(String[]::new));
            if (r.code() != 0) throw new AssertionError(line + " exited with " + r.code() + "\n" + r.all());
            out.add(r);
        }
        return out;
    }

    public static Guide readme() {
        return read(Path.of("README.md"));
    }

    /**
     * One fenced block.
     *
     * @param line    the line of the opening fence (1-based), for messages
     * @param section the heading the block stands under
     * @param lang    the info string ({@code sh}, {@code sql}, …), empty when none
     * @param marker  the doc-test marker's keys in order, empty when there is none
     */
    public record Block(Path file, int line, String section, String lang, List<String> lines, Map<String, String> marker) {
        public String text() {
            return String.join("\n", lines) + "\n";
        }

        /**
         * What the block is, and so which test runs it (see {@link GuideTest}); an error naming the block when it is
         * neither runnable nor marked, or when its marker is malformed.
         */
        public Kind kind() {
            for (String key : marker.keySet()) {
                if (!KEYS.contains(key)) throw new AssertionError(this + ": unknown doc-test key " + key + "; known: " + KEYS);
            }
            if (has("setup") && !DocProjects.exists(get("setup"))) throw new AssertionError(this + ": no setup " + get("setup"));
            if (has("skip")) {
                if (get("skip").isBlank()) throw new AssertionError(this + ": skip= needs the reason");
                return Kind.SKIP;
            }
            if (has("run-by")) return Kind.RUN_BY;
            if (has("source")) return Kind.SOURCE;
            if (transcript()) return Kind.TRANSCRIPT;
            switch (lang) {
                case "sql" -> { return Kind.SQL; }
                case "yaml" -> { return Kind.YAML; }
                case "java" -> {
                    if (has("junit")) return Kind.JAVA_TEST;
                    if (text().contains("@Revision(")) return Kind.JAVA_REVISION;
                }
                case "sh" -> { return Kind.SHELL; }
                default -> { }
            }
            throw new AssertionError(this + ": this block is neither run nor marked. Make it a transcript (`$ migrate …`), "
                    + "give it a language the guide test runs (sh, sql, yaml, java), or mark it (see GuideTest), e.g. "
                    + "<!-- doc-test: skip=why --> if it cannot run here.\n" + text());
        }

        public boolean has(String key) {
            return marker.containsKey(key);
        }

        public String get(String key) {
            return marker.get(key);
        }

        /** Whether the block is a console transcript: its first line is a {@code $ } prompt. */
        public boolean transcript() {
            return !lines.isEmpty() && lines.get(0).startsWith("$ ");
        }

        /** {@code MIGRATIONS.md:316 (upgrade, downgrade)}: where to look. */
        public String where() {
            return file.getFileName() + ":" + line + " (" + section + ")";
        }

        @Override
        public String toString() {
            return where();
        }
    }

    public static Guide read(Path file) {
        List<String> text;
        try {
            text = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> blocks = new ArrayList<>();
        String section = "";
        for (int i = 0; i < text.size(); i++) {
            String l = text.get(i);
            Matcher h = HEADING.matcher(l);
            if (h.matches()) {
                section = h.group(2).strip();
                continue;
            }
            Matcher f = FENCE.matcher(l);
            if (!f.matches()) continue;
            int start = i;
            List<String> body = new ArrayList<>();
            for (i++; i < text.size() && !text.get(i).startsWith("```"); i++) body.add(text.get(i));
            if (i == text.size()) throw new IllegalStateException(file + ":" + (start + 1) + ": unterminated code block");
            Map<String, String> marker = start > 0 ? marker(file, start, text.get(start - 1)) : Map.of();
            blocks.add(new Block(file, start + 1, section, f.group(1), List.copyOf(body), marker));
        }
        return new Guide(file, List.copyOf(text), List.copyOf(blocks));
    }

    private static Map<String, String> marker(Path file, int line, String text) {
        Matcher m = MARKER.matcher(text.strip());
        if (!m.matches()) {
            if (text.contains("doc-test")) throw new IllegalStateException(file + ":" + line + ": malformed doc-test marker: " + text);
            return Map.of();
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (String part : m.group(1).split(";")) {
            if (part.isBlank()) continue;
            int eq = part.indexOf('=');
            String key = (eq < 0 ? part : part.substring(0, eq)).strip();
            String value = eq < 0 ? "" : part.substring(eq + 1).strip();
            if (keys.put(key, value) != null) throw new IllegalStateException(file + ":" + line + ": key " + key + " given twice");
        }
        return Collections.unmodifiableMap(keys);
    }

    /** The lines under the given heading, up to the next heading of any level (code blocks included). */
    public List<String> sectionText(String heading) {
        List<String> out = new ArrayList<>();
        boolean found = false;
        boolean fenced = false;
        for (String l : lines) {
            if (l.startsWith("```")) fenced = !fenced;
            Matcher h = HEADING.matcher(l);
            if (!fenced && h.matches()) {
                if (found) break;
                found = h.group(2).strip().equals(heading);
            } else if (found) {
                out.add(l);
            }
        }
        if (!found) throw new IllegalArgumentException(file + " has no heading " + heading);
        return out;
    }

    /** The first cells of the Markdown table rows under a heading, without the header row. */
    public List<String> firstCells(String heading) {
        List<String> rows = sectionText(heading).stream().filter(l -> l.startsWith("|") && !l.startsWith("|---")).toList();
        return rows.stream().skip(1).map(l -> l.substring(1, l.indexOf(" |", 1)).strip()).toList();
    }

    /** The blocks under the given heading, in order. */
    public List<Block> section(String heading) {
        return blocks.stream().filter(b -> b.section().equals(heading)).toList();
    }
}
