package dev.migrate.docs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the guide's console transcripts and compares what the tool prints with what the guide
 * shows, after normalising what legitimately varies from run to run (see {@link #expectation}).
 */
public final class Transcripts {

    /** Where the examples pretend to run: the project directory is shown as this path. */
    public static final String DOC_DIR = "/home/me/app";
    /** The Java runtime the guide's JRE example names. */
    public static final String DOC_JAVA_HOME = "/opt/java/jre";

    /** The exit code and what a terminal shows of one command. */
    public record Output(int code, String text) { }

    /** Runs {@code migrate ARGS} in a project: in-process, or the packaged tool. */
    @FunctionalInterface
    public interface Runner {
        /**
         * @param stdoutOnly standard output only (for {@code --format json}); else standard output and error
         *                   interleaved, as a terminal shows them
         */
        Output run(DocProjects.Project project, List<String> args, boolean stdoutOnly);
    }

    private Transcripts() { }

    /** One command of a transcript and the output the guide shows for it. */
    record Command(String line, List<String> expected) { }

    /** Runs the {@code given=} commands of a block, each of which must succeed. */
    public static void given(Guide.Block block, DocProjects.Project project, Runner runner) {
        if (!block.has("given")) return;
        for (String command : block.get("given").split(",")) {
            Output o = runner.run(project, words(command), false);
            if (o.code() != 0) throw new AssertionError(block + ": given `migrate " + command.strip() + "` failed: " + o.text());
        }
    }

    /** A console transcript: {@code $ migrate …} lines, each followed by its output; {@code $ echo $?}. */
    public static void runTranscript(Guide.Block block, DocProjects.Project project, Runner runner) {
        List<Command> commands = new ArrayList<>();
        for (String l : block.lines()) {
            if (l.startsWith("$ ")) {
                commands.add(new Command(l.substring(2).strip(), new ArrayList<>()));
            } else {
                commands.get(commands.size() - 1).expected().add(l);
            }
        }
        run(block, commands, project, runner);
    }

    private static void run(Guide.Block block, List<Command> commands, DocProjects.Project project, Runner runner) {
        Map<String, String> bound = new HashMap<>();
        Integer lastCode = null;
        for (int i = 0; i < commands.size(); i++) {
            Command c = commands.get(i);
            String documented = String.join("\n", c.expected());
            if (c.line().equals("echo $?")) {
                if (lastCode == null || !documented.strip().equals(String.valueOf(lastCode))) {
                    throw new AssertionError(block + ": `echo $?` shows " + documented.strip() + ", but the exit code was " + lastCode);
                }
                continue;
            }
            if (!c.line().startsWith("migrate ")) {
                throw new AssertionError(block + ": a transcript runs `migrate …` and `echo $?` only, not `" + c.line() + "`");
            }
            List<String> args = words(c.line().substring("migrate ".length()));
            boolean json = String.join(" ", args).contains("--format json");
            Set<String> known = new HashSet<>(DocProjects.scriptIds(project.dir()));
            Output out = runner.run(project, args, json);
            lastCode = out.code();
            String actual = normalise(out.text(), project.dir());
            Pattern expectation = expectation(documented, known, bound);
            Matcher m = expectation.matcher(actual);
            if (!m.matches()) {
                throw new AssertionError(block + ": `" + c.line() + "` (exit " + out.code() + ") printed something else.\n"
                        + "--- the guide shows:\n" + tidy(documented) + "\n--- the tool printed:\n" + actual + "\n---");
            }
            bind(documented, known, bound, m);
            boolean echoed = i + 1 < commands.size() && commands.get(i + 1).line().equals("echo $?");
            boolean failure = documented.lines().anyMatch(l -> l.startsWith("FAILED:")) || documented.contains("\"error\": {");
            if (!echoed && failure != (out.code() != 0)) {
                throw new AssertionError(block + ": `" + c.line() + "` exited with " + out.code() + ", but the guide shows "
                        + (failure ? "a failure" : "success") + ":\n" + actual);
            }
        }
    }

    /** Splits a command line as a shell would: words, with '…' and "…" quoting. */
    public static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        char quote = 0;
        for (char ch : line.strip().toCharArray()) {
            if (quote != 0) {
                if (ch == quote) quote = 0;
                else w.append(ch);
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                if (w == null) w = new StringBuilder();
            } else if (Character.isWhitespace(ch)) {
                if (w != null) words.add(w.toString());
                w = null;
            } else {
                if (w == null) w = new StringBuilder();
                w.append(ch);
            }
        }
        if (quote != 0) throw new IllegalArgumentException("unterminated quote in " + line);
        if (w != null) words.add(w.toString());
        return words;
    }

    /** The tool's output with the temporary project directory and the Java home shown as the guide shows them. */
    static String normalise(String text, Path dir) {
        String t = text.replace("\r\n", "\n");
        List<String> paths = new ArrayList<>(List.of(dir.toAbsolutePath().toString()));
        try {
            paths.add(dir.toRealPath().toString());
        } catch (java.io.IOException e) {
            // the directory is gone: nothing more to replace
        }
        for (String p : paths) t = t.replace(p, DOC_DIR);
        t = t.replace(System.getProperty("java.home"), DOC_JAVA_HOME);
        return tidy(t);
    }

    /** Without trailing spaces on each line and without trailing blank lines. */
    static String tidy(String text) {
        List<String> lines = new ArrayList<>(text.lines().map(l -> l.replaceAll("\\s+$", "")).toList());
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) lines.remove(lines.size() - 1);
        return String.join("\n", lines);
    }

    /** What varies from run to run, in the guide's text. */
    private static final Pattern VARIABLE = Pattern.compile(
            "(?<id>(?<![0-9A-Za-z])[0-9a-f]{12}(?![0-9A-Za-z]))"
                    + "|(?<ms>\\b\\d+ ms\\b)"
                    + "|(?<elapsed>\\b\\d+\\.\\d s elapsed\\b)"
                    + "|(?<jsonms>(?<=\"(?:duration_ms|waited_ms)\": )\\d+)"
                    + "|(?<instant>\\b\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?Z)"
                    + "|(?<date>\\b\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?)"
                    + "|(?<who>(?<=\"(?:os_user|host|tool_version)\": )\"[^\"]*\")"
                    + "|(?<pgurl>(?<=Database: )postgres://\\S+)");

    /**
     * The guide's text as a pattern for the tool's output. What varies matches any value of its kind: durations
     * ({@code 5 ms}, {@code "duration_ms": 566}), elapsed seconds, times and dates, who ran it (the OS user, host
     * and tool version in audit records), and revision ids that no script of the project had before the command ran
     * (made by {@code migrate revision}): the same documented id must stand for the same real id throughout the
     * block, and different ones for different ids.
     */
    static Pattern expectation(String documented, Set<String> known, Map<String, String> bound) {
        String doc = tidy(documented);
        StringBuilder re = new StringBuilder();
        Map<String, String> groups = new LinkedHashMap<>();
        Matcher m = VARIABLE.matcher(doc);
        int at = 0;
        while (m.find()) {
            re.append(Pattern.quote(doc.substring(at, m.start())));
            at = m.end();
            if (m.group("id") != null) {
                String id = m.group("id");
                if (known.contains(id)) {
                    re.append(Pattern.quote(id));
                } else if (bound.containsKey(id)) {
                    re.append(Pattern.quote(bound.get(id)));
                } else if (groups.containsKey(id)) {
                    re.append("\\k<").append(groups.get(id)).append('>');
                } else {
                    String g = "id" + groups.size();
                    groups.put(id, g);
                    re.append("(?<").append(g).append(">[0-9a-f]{12})");
                }
            } else if (m.group("ms") != null) {
                re.append("\\d+ ms");
            } else if (m.group("elapsed") != null) {
                re.append("\\d+\\.\\d s elapsed");
            } else if (m.group("jsonms") != null) {
                re.append("\\d+");
            } else if (m.group("instant") != null) {
                re.append("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?Z");
            } else if (m.group("pgurl") != null) {
                re.append("postgres://\\S+");
            } else if (m.group("date") != null) {
                re.append("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?");
            } else {
                re.append("\"[^\"]*\"");
            }
        }
        re.append(Pattern.quote(doc.substring(at)));
        return Pattern.compile(re.toString());
    }

    /** Records which real id each documented random id stood for; distinct ids must stay distinct. */
    private static void bind(String documented, Set<String> known, Map<String, String> bound, Matcher match) {
        Matcher m = VARIABLE.matcher(tidy(documented));
        int n = 0;
        Set<String> seen = new HashSet<>();
        while (m.find()) {
            String id = m.group("id");
            if (id == null || known.contains(id) || bound.containsKey(id) || !seen.add(id)) continue;
            String actual = match.group("id" + n++);
            if (bound.containsValue(actual)) {
                throw new AssertionError("two ids of the guide stand for the same revision " + actual);
            }
            bound.put(id, actual);
        }
    }
}
