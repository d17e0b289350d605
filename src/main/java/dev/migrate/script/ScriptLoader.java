package dev.migrate.script;

import dev.migrate.config.Config;
import dev.migrate.config.ConfigException;
import dev.migrate.config.Spelling;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Reads revision scripts from the version locations: {@code .sql} files in the format below, and
 * {@code .java} files, which {@link JavaRevisionLoader} compiles. It knows files and their format,
 * nothing about databases or the revision graph.
 *
 * <h2>The SQL script format</h2>
 * <pre>
 * -- Add user avatar field
 * --
 * -- Revision ID: 3f1c9a2b7d10
 * -- Revises: 9e8d7c6b5a40
 * -- Create Date: 2026-11-21 10:30:00.123456
 * -- Branch Labels: accounts
 * -- Depends On: 1a2b3c4d5e6f
 *
 * -- migrate:upgrade
 * ALTER TABLE users ADD COLUMN avatar_url varchar(500);
 *
 * -- migrate:downgrade
 * ALTER TABLE users DROP COLUMN avatar_url;
 * </pre>
 *
 * <ul>
 * <li>The <b>header</b> is the leading block of {@code --} lines (blank lines before it are
 * allowed). Its first paragraph, up to a bare {@code --} or the first line starting with a known
 * key, is the message. After that, every non-bare line must be {@code Key: value} with one of
 * {@link #HEADER_KEYS} (compared ignoring case); anything else is an error, so a misspelt key is
 * caught. {@code Revision ID} and {@code Revises} are required; {@code Revises} is empty for a
 * first revision and comma-separated for a merge point, as are {@code Branch Labels} and
 * {@code Depends On}. Ids are trimmed and may not contain whitespace; other id rules belong to the
 * revision graph.</li>
 * <li>Between the header and {@code -- migrate:upgrade} only blank lines and {@code --} comments
 * may appear.</li>
 * <li>{@code -- migrate:upgrade} is required and comes first; {@code -- migrate:downgrade} is
 * optional. A marker section with no statements is a valid no-op (e.g. a merge point). Marker
 * lines are recognised by line, even inside a string literal or dollar-quoted body.</li>
 * <li>Inside a section, {@code -- migrate:<flag>} lines set options for that section; the known
 * flags are {@link #KNOWN_FLAGS}.</li>
 * </ul>
 *
 * <p>The file must be UTF-8 (a BOM is allowed); CRLF and CR line endings are read as LF.
 */
public final class ScriptLoader {

    /** Marker word opening the upgrade section. */
    public static final String UPGRADE = "upgrade";
    /** Marker word opening the downgrade section. */
    public static final String DOWNGRADE = "downgrade";
    /** Flag: run the section outside a transaction (used by the executor). */
    public static final String NO_TRANSACTION = "no-transaction";
    /** The {@code -- migrate:<flag>} options a section may carry. */
    public static final Set<String> KNOWN_FLAGS = Set.of(NO_TRANSACTION);

    static final String REVISION_ID = "Revision ID";
    static final String REVISES = "Revises";
    static final String CREATE_DATE = "Create Date";
    static final String BRANCH_LABELS = "Branch Labels";
    static final String DEPENDS_ON = "Depends On";
    /** The header keys, in the order they are usually written. */
    static final String LOCK_TIMEOUT = "Lock Timeout";
    static final String STATEMENT_TIMEOUT = "Statement Timeout";
    public static final List<String> HEADER_KEYS = List.of(REVISION_ID, REVISES, CREATE_DATE, BRANCH_LABELS, DEPENDS_ON,
            LOCK_TIMEOUT, STATEMENT_TIMEOUT);

    private static final Pattern MARKER = Pattern.compile("(?i)^\\s*--\\s*migrate:\\s*([a-z][a-z0-9_-]*)\\s*$");

    private ScriptLoader() {
    }

    /**
     * Loads the SQL revision scripts directly in {@code versionsDir}, sorted by file name.
     * Sub-directories, hidden files (starting with {@code .}) and files of other types (a README)
     * are ignored.
     *
     * @throws ScriptException if the directory is missing, a script is malformed or not UTF-8, or
     *                         two scripts declare the same revision id
     */
    public static List<SqlScript> loadDirectory(Path versionsDir) {
        List<SqlScript> out = new ArrayList<>();
        for (RevisionScript s : loadDirectories(List.of(versionsDir))) {
            if (s instanceof SqlScript sql) out.add(sql);
        }
        return List.copyOf(out);
    }

    /**
     * Loads every revision script in the given version locations, in order; {@code .java} scripts are compiled each
     * time (no cache). The same revision id in two files (in one directory or in two) is an error naming both.
     */
    public static List<RevisionScript> loadDirectories(List<Path> versionDirs) {
        return loadDirectories(versionDirs, JavaRevisionLoader.uncached());
    }

    /**
     * Loads every revision script in the given version locations, in order, then the revisions of the class path
     * of {@code java}. SQL scripts are parsed first, so that their mistakes are reported without waiting for the
     * compiler; the {@code .java} scripts are then compiled together. The same revision id twice (in two files, or
     * a file and a class) is an error naming both.
     */
    public static List<RevisionScript> loadDirectories(List<Path> versionDirs, JavaRevisionLoader java) {
        return loadLocations(versionDirs, List.of(), java);
    }

    /**
     * {@link #loadDirectories}, then the revisions of the class-path locations (those an application carries in its
     * jar), in order; the same revision id twice anywhere is an error naming both.
     */
    public static List<RevisionScript> loadLocations(List<Path> versionDirs, List<ClasspathLocation> classpathLocations,
                                                     JavaRevisionLoader java) {
        List<Path> files = new ArrayList<>();
        for (Path versionsDir : versionDirs) {
            files.addAll(listRevisionFiles(versionsDir));
        }
        Map<Path, RevisionScript> loaded = new HashMap<>();
        List<Path> sqlFiles = new ArrayList<>();
        List<Path> javaFiles = new ArrayList<>();
        for (Path file : files) {
            switch (extension(file)) {
                case "sql" -> sqlFiles.add(file);
                case "java" -> javaFiles.add(file);
                default -> { }
            }
        }
        List<SqlScript> sql = loadFiles(sqlFiles);
        for (int i = 0; i < sqlFiles.size(); i++) {
            loaded.put(sqlFiles.get(i), sql.get(i));
        }
        loaded.putAll(java.loadScripts(javaFiles));
        List<RevisionScript> scripts = new ArrayList<>();
        for (Path file : files) {
            RevisionScript script = loaded.get(file);
            if (script != null) scripts.add(script);
        }
        scripts.addAll(java.loadClasspath());
        for (ClasspathLocation location : classpathLocations) scripts.addAll(location.load());
        Map<String, Path> byId = new HashMap<>();
        for (RevisionScript script : scripts) {
            Path file = script.path();
            Path other = byId.putIfAbsent(script.id(), file);
            if (other != null) {
                throw new ScriptException(file, null, "revision id `" + script.id() + "` is also declared in "
                        + (Objects.equals(other.getParent(), file.getParent()) ? other.getFileName() : other),
                        "Give one of them a new id (and update any `Revises` that point to it)");
            }
        }
        return List.copyOf(scripts);
    }

    /** Below this many files, parsing on one thread is quicker than handing the work out. */
    private static final int PARALLEL_FROM = 64;

    /**
     * Reads and parses SQL scripts, on every core for a long history (reading, parsing and checksumming is most
     * of a start-up with a thousand revisions). The first failure in file order is thrown, as when parsing one
     * file after the other.
     */
    private static List<SqlScript> loadFiles(List<Path> files) {
        SqlScript[] scripts = new SqlScript[files.size()];
        RuntimeException[] failures = new RuntimeException[files.size()];
        IntStream range = IntStream.range(0, files.size());
        (files.size() >= PARALLEL_FROM ? range.parallel() : range).forEach(i -> {
            try {
                scripts[i] = loadFile(files.get(i));
            } catch (RuntimeException e) {
                failures[i] = e;
            }
        });
        for (RuntimeException failure : failures) {
            if (failure != null) {
                throw failure;
            }
        }
        return Arrays.asList(scripts);
    }

    private static List<Path> listRevisionFiles(Path versionsDir) {
        if (!Files.exists(versionsDir)) {
            throw new ScriptException(versionsDir, null, "the versions directory does not exist",
                    "Run `migrate init` to create it, or set `script_location` in the config file to the directory that contains versions/");
        }
        if (!Files.isDirectory(versionsDir)) {
            throw new ScriptException(versionsDir, null, "the versions path is not a directory",
                    "Set `script_location` in the config file to the directory that contains versions/");
        }
        // Names sorted as plain strings, without a stream or a comparator: this runs before anything is compiled.
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(versionsDir)) {
            for (Path p : listing) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && Files.isRegularFile(p)) names.add(name);
            }
            String[] sorted = names.toArray(new String[0]);
            Arrays.sort(sorted);
            List<Path> files = new ArrayList<>(sorted.length);
            for (String name : sorted) files.add(versionsDir.resolve(name));
            return files;
        } catch (IOException e) {
            throw new ScriptException(versionsDir, null, "the versions directory cannot be read (" + e.getClass().getSimpleName() + ")",
                    "Check its permissions", e);
        }
    }

    /**
     * The one place that decides, by extension, what kind of revision a file is: {@code sql} or {@code java}, any
     * other file is ignored. Extensions compare ignoring case, so {@code X.SQL} is not silently skipped.
     */
    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * Reads and parses one SQL script.
     *
     * @throws ScriptException if it cannot be read, is not UTF-8 or is malformed
     */
    public static SqlScript loadFile(Path file) {
        String raw = readRaw(file);
        return new Parser(file, normalise(raw), raw).parse();
    }

    /**
     * The text of a script file, decoded as UTF-8 and {@linkplain #normalise normalised}.
     *
     * @throws ScriptException if it cannot be read or is not UTF-8
     */
    static String readText(Path file) {
        return normalise(readRaw(file));
    }

    /** The text of a script file as written: decoded as UTF-8, without a BOM, its line endings kept. */
    private static String readRaw(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ScriptException(file, null, "the script does not exist", null);
        } catch (IOException e) {
            throw new ScriptException(file, null, "the script cannot be read (" + e.getClass().getSimpleName() + ")",
                    "Check its permissions", e);
        }
        String text = decodeUtf8(file, bytes);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * Parses the text of a script; {@code path} is used for {@link SqlScript#path()} and messages.
     *
     * @throws ScriptException if the script is malformed
     */
    public static SqlScript parse(Path path, String content) {
        String raw = content.startsWith("\uFEFF") ? content.substring(1) : content;
        return new Parser(path, normalise(raw), raw).parse();
    }

    /**
     * BOM removed, CRLF and CR turned into LF: the text that is parsed and checksummed (a Windows checkout is not an
     * edit). What runs is the text as written ({@link SqlScript.Section#sql()}): a CRLF inside a string literal is
     * data and stays one.
     */
    static String normalise(String content) {
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** Lower-case hex SHA-256 of the normalised text's UTF-8 bytes. */
    static String checksum(String normalisedText) {
        return HexFormat.of().formatHex(sha256(normalisedText.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] sha256(byte[] bytes) {
        return SHA256.get().digest(bytes);
    }

    /** One digest per thread: looking the algorithm up again for every script cost more than hashing it. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    });

    /**
     * Whether a line is a comment: {@code --} after leading whitespace, as the regular expression {@code ^\s*--.*}
     * matches a whole line. Written out by hand because every header line of every script goes through it, before
     * the JVM has compiled anything; {@link ScriptLoaderTest} holds it to the expression.
     */
    static boolean isComment(String line) {
        int i = skipSpace(line, 0);
        return line.startsWith("--", i) && noLineTerminator(line, i + 2);
    }

    /** Whether a line is a marker line, {@code (?i)^\s*--\s*migrate:.*} (ASCII letters in any case), by hand. */
    static boolean isMarker(String line) {
        int i = skipSpace(line, 0);
        if (!line.startsWith("--", i)) return false;
        i = skipSpace(line, i + 2);
        String word = "migrate:";
        if (line.length() - i < word.length()) return false;
        for (int k = 0; k < word.length(); k++) {
            char c = line.charAt(i + k);
            char w = word.charAt(k);
            if (c != w && !(w >= 'a' && w <= 'z' && c == w - ('a' - 'A'))) return false;
        }
        // `-- migrate:lint-ignore RULE reason="..."` and `-- migrate:lint-ignore-file ...` speak to lint: comments here.
        if (line.regionMatches(true, i + word.length(), LINT_DIRECTIVE, 0, LINT_DIRECTIVE.length())) return false;
        return noLineTerminator(line, i + word.length());
    }

    /** The start of lint's directives, which are comments to the loader. */
    public static final String LINT_DIRECTIVE = "lint-ignore";

    /** The index of the first character from {@code i} on that {@code \s} does not match. */
    private static int skipSpace(String line, int i) {
        while (i < line.length() && " \t\n\u000B\f\r".indexOf(line.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    /** Whether {@code .} matches every character from {@code i} on: none is a line terminator. */
    private static boolean noLineTerminator(String line, int i) {
        for (; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') return false;
        }
        return true;
    }

    private static String decodeUtf8(Path file, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            // in.position() is at the offending bytes: report the line they are on.
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new ScriptException(file, line, "the file is not valid UTF-8",
                    "Save it as UTF-8 (it may be in Latin-1 or Windows-1252)");
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    /** One parse of one file's normalised text; the sections are cut from the text as written. */
    private static final class Parser {
        private final Path path;
        private final String text;
        private final String raw;
        private final String[] lines;
        private final int[] lineStarts;
        /** Where each line starts in {@link #raw}: its breaks are LF, CRLF or a lone CR, one line each as in {@link #text}. */
        private final int[] rawLineStarts;

        Parser(Path path, String text, String raw) {
            this.path = path;
            this.text = text;
            this.raw = raw;
            this.lines = text.split("\n", -1);
            this.lineStarts = new int[lines.length + 1];
            int offset = 0;
            for (int i = 0; i < lines.length; i++) {
                lineStarts[i] = offset;
                offset += lines[i].length() + 1;
            }
            lineStarts[lines.length] = text.length();
            this.rawLineStarts = new int[lines.length + 1];
            int line = 1;
            for (int i = 0; i < raw.length() && line < lines.length; i++) {
                char c = raw.charAt(i);
                if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < raw.length() && raw.charAt(i + 1) == '\n') i++;
                    rawLineStarts[line++] = i + 1;
                }
            }
            rawLineStarts[lines.length] = raw.length();
        }

        SqlScript parse() {
            int i = 0;
            while (i < lines.length && lines[i].isBlank()) {
                i++;
            }
            Header header = new Header();
            int headerStart = i;
            while (i < lines.length && isComment(lines[i]) && !isMarker(lines[i])) {
                header.add(i + 1, commentText(lines[i]));
                i++;
            }
            header.finish(headerStart + 1);

            // Between header and upgrade marker: blank lines and comments only.
            int upgradeLine = -1;
            for (; i < lines.length; i++) {
                String line = lines[i];
                if (line.isBlank()) {
                    continue;
                }
                if (isMarker(line)) {
                    String word = marker(i + 1, line);
                    if (word.equals(UPGRADE)) {
                        upgradeLine = i + 1;
                        break;
                    }
                    if (word.equals(DOWNGRADE)) {
                        throw error(i + 1, "`-- migrate:downgrade` comes before `-- migrate:upgrade`",
                                "Put the upgrade section first: `-- migrate:upgrade`, its SQL, then `-- migrate:downgrade`");
                    }
                    throw error(i + 1, "`-- migrate:" + word + "` is outside a section",
                            "Move it below `-- migrate:upgrade` (or `-- migrate:downgrade`) to apply it to that section");
                }
                if (!isComment(line)) {
                    throw error(i + 1, "SQL before the `-- migrate:upgrade` marker",
                            "Put statements below a `-- migrate:upgrade` line (add that line if it is missing)");
                }
            }
            if (upgradeLine < 0) {
                throw error(Math.min(header.lastLine + 1, lines.length),
                        "the `-- migrate:upgrade` marker is missing",
                        "Add a line `-- migrate:upgrade` after the header, followed by the upgrade SQL");
            }

            int downgradeLine = -1;
            Set<String> upgradeFlags = new LinkedHashSet<>();
            Set<String> downgradeFlags = new LinkedHashSet<>();
            Map<String, Integer> flagLines = new HashMap<>();
            for (i = upgradeLine; i < lines.length; i++) {
                if (!isMarker(lines[i])) {
                    continue;
                }
                int lineNo = i + 1;
                String word = marker(lineNo, lines[i]);
                if (word.equals(UPGRADE)) {
                    throw error(lineNo, "a second `-- migrate:upgrade` marker (the first is on line " + upgradeLine + ")",
                            downgradeLine < 0 ? "Remove it, or make it `-- migrate:downgrade`" : "Remove it: a script has one upgrade section, then at most one downgrade section");
                }
                if (word.equals(DOWNGRADE)) {
                    if (downgradeLine >= 0) {
                        throw error(lineNo, "a second `-- migrate:downgrade` marker (the first is on line " + downgradeLine + ")",
                                "Remove it: a script has at most one downgrade section");
                    }
                    downgradeLine = lineNo;
                    continue;
                }
                Set<String> flags = downgradeLine < 0 ? upgradeFlags : downgradeFlags;
                String section = downgradeLine < 0 ? UPGRADE : DOWNGRADE;
                if (!flags.add(word)) {
                    throw error(lineNo, "`-- migrate:" + word + "` is given twice in the " + section + " section (first on line "
                            + flagLines.get(section + word) + ")", "Remove one of them");
                }
                flagLines.put(section + word, lineNo);
            }

            SqlScript.Section upgrade = section(upgradeLine, downgradeLine < 0 ? lines.length + 1 : downgradeLine, upgradeFlags);
            Optional<SqlScript.Section> downgrade = downgradeLine < 0 ? Optional.empty()
                    : Optional.of(section(downgradeLine, lines.length + 1, downgradeFlags));
            SqlScript script = new SqlScript(path, header.id, header.revises, header.dependsOn, header.branchLabels,
                    String.join("\n", header.message), header.createDate, upgrade, downgrade, checksum(text),
                    header.lockTimeout, header.statementTimeout, LintDirective.ofSql(lines));
            TransactionRules.check(script);
            return script;
        }

        /** The section after the marker on {@code markerLine}, up to the line before {@code endLine}. */
        private SqlScript.Section section(int markerLine, int endLine, Set<String> flags) {
            // 1-based line n starts at lineStarts[n - 1]: the section runs from line markerLine + 1
            // to the start of line endLine.
            return new SqlScript.Section(raw.substring(rawLineStarts[markerLine], rawLineStarts[endLine - 1]), markerLine + 1, flags);
        }

        /** The word of a {@code -- migrate:<word>} line, checked against the known words. */
        private String marker(int lineNo, String line) {
            Matcher m = MARKER.matcher(line);
            if (!m.matches()) {
                throw error(lineNo, "malformed `-- migrate:` line",
                        "Write one marker per line with nothing after it, e.g. `-- migrate:upgrade`");
            }
            String word = m.group(1).toLowerCase(Locale.ROOT);
            if (word.equals(UPGRADE) || word.equals(DOWNGRADE) || KNOWN_FLAGS.contains(word)) {
                return word;
            }
            List<String> known = new ArrayList<>(List.of(UPGRADE, DOWNGRADE));
            known.addAll(KNOWN_FLAGS.stream().sorted().toList());
            String suggestion = closest(word, known, 3);
            throw error(lineNo, "unknown marker `-- migrate:" + word + "`",
                    (suggestion != null ? "Did you mean `-- migrate:" + suggestion + "`? " : "")
                            + "Known: " + String.join(", ", known.stream().map(k -> "-- migrate:" + k).toList()));
        }

        private ScriptException error(int line, String problem, String hint) {
            return new ScriptException(path, line, problem, hint);
        }

        /** The text of a {@code --} line after the dashes and one optional space, trailing blanks removed. */
        private static String commentText(String line) {
            String s = line.stripLeading().substring(2);
            if (s.startsWith(" ")) {
                s = s.substring(1);
            }
            return s.stripTrailing();
        }

        /** Accumulates the header's message and keys. */
        private final class Header {
            final List<String> message = new ArrayList<>();
            final Map<String, Integer> keyLines = new LinkedHashMap<>();
            final List<Integer> messageLineNumbers = new ArrayList<>();
            boolean inKeys;
            int lastLine;
            String id;
            List<String> revises;
            List<String> dependsOn = List.of();
            List<String> branchLabels = List.of();
            String createDate;
            Duration lockTimeout;
            Duration statementTimeout;

            void add(int lineNo, String content) {
                lastLine = lineNo;
                String t = content.strip();
                // lint's `migrate:lint-ignore-file RULE reason="..."`: read by lint, not a header key
                if (t.regionMatches(true, 0, "migrate:" + LINT_DIRECTIVE, 0, ("migrate:" + LINT_DIRECTIVE).length())) return;
                String key = knownKey(t);
                if (!inKeys) {
                    if (t.isEmpty()) {
                        inKeys = true;
                        return;
                    }
                    if (key == null) {
                        message.add(t);
                        messageLineNumbers.add(lineNo);
                        return;
                    }
                    inKeys = true;
                }
                if (t.isEmpty()) {
                    return;
                }
                if (key == null) {
                    int colon = t.indexOf(':');
                    if (colon < 0) {
                        throw error(lineNo, "expected a `Key: value` header line",
                                "Put free text in the message paragraph at the top, or separate it from the header with a blank line");
                    }
                    String name = t.substring(0, colon).strip();
                    String suggestion = closest(name, HEADER_KEYS, 3);
                    throw error(lineNo, "unknown header key `" + name + "`",
                            (suggestion != null ? "Did you mean `" + suggestion + "`? " : "") + "Known keys: " + String.join(", ", HEADER_KEYS));
                }
                Integer previous = keyLines.putIfAbsent(key, lineNo);
                if (previous != null) {
                    throw error(lineNo, "`" + key + "` is given twice (first on line " + previous + ")", "Remove one of them");
                }
                String value = t.substring(t.indexOf(':') + 1).strip();
                switch (key) {
                    case REVISION_ID -> {
                        if (value.isEmpty()) {
                            throw error(lineNo, "`Revision ID` is empty", "Write an id, e.g. `-- Revision ID: 3f1c9a2b7d10`");
                        }
                        if (value.chars().anyMatch(Character::isWhitespace)) {
                            throw error(lineNo, "the revision id `" + value + "` contains whitespace",
                                    "A revision id is one word, e.g. `3f1c9a2b7d10`");
                        }
                        id = value;
                    }
                    case REVISES -> revises = list(lineNo, key, value);
                    case DEPENDS_ON -> dependsOn = list(lineNo, key, value);
                    case BRANCH_LABELS -> branchLabels = list(lineNo, key, value);
                    case LOCK_TIMEOUT -> lockTimeout = duration(lineNo, key, value);
                    case STATEMENT_TIMEOUT -> statementTimeout = duration(lineNo, key, value);
                    default -> createDate = value.isEmpty() ? null : value;
                }
            }

            private Duration duration(int lineNo, String key, String value) {
                try {
                    return Config.parseDuration(path, key, lineNo, value);
                } catch (ConfigException e) {
                    throw error(lineNo, "`" + key + "`: `" + value + "` is not a duration",
                            "Write e.g. `-- " + key + ": 30s` (ms, s, m, h; 0 for no limit)");
                }
            }

            void finish(int firstHeaderLine) {
                if (id == null) {
                    int at = keyLines.isEmpty() ? firstHeaderLine : keyLines.values().iterator().next();
                    String hint = "Start the file with a header containing `-- Revision ID: <id>` and `-- Revises: <parent id, empty for the first revision>`";
                    for (int k = 0; k < message.size(); k++) {
                        String m = message.get(k);
                        int colon = m.indexOf(':');
                        if (colon > 0 && Spelling.distance(m.substring(0, colon).strip().toLowerCase(Locale.ROOT), "revision id") <= 3) {
                            at = messageLineNumbers.get(k);
                            hint = "Did you mean `Revision ID`?";
                            break;
                        }
                    }
                    throw error(Math.min(at, Math.max(1, lines.length)), "the `Revision ID` header line is missing", hint);
                }
                if (revises == null) {
                    throw error(keyLines.get(REVISION_ID), "the `Revises` header line is missing",
                            "Add `-- Revises: <parent id>` after the Revision ID; leave it empty (`-- Revises:`) for a first revision");
                }
            }

            private List<String> list(int lineNo, String key, String value) {
                if (value.isEmpty()) {
                    return List.of();
                }
                List<String> items = new ArrayList<>();
                for (String raw : value.split(",", -1)) {
                    String item = raw.strip();
                    if (item.isEmpty()) {
                        throw error(lineNo, "`" + key + "` has an empty entry", "Separate entries with single commas, e.g. `" + key + ": a1b2, c3d4`");
                    }
                    if (item.chars().anyMatch(Character::isWhitespace)) {
                        throw error(lineNo, "`" + key + "` entry `" + item + "` contains whitespace",
                                "Separate entries with commas, e.g. `" + key + ": a1b2, c3d4`");
                    }
                    if (items.contains(item)) {
                        throw error(lineNo, "`" + key + "` lists `" + item + "` twice", "Remove the repetition");
                    }
                    items.add(item);
                }
                return items;
            }
        }

        /** The canonical header key if {@code t} starts with {@code <known key>:} ignoring case. */
        private static String knownKey(String t) {
            int colon = t.indexOf(':');
            if (colon < 0) {
                return null;
            }
            String name = t.substring(0, colon).strip();
            for (String key : HEADER_KEYS) {
                if (key.equalsIgnoreCase(name)) {
                    return key;
                }
            }
            return null;
        }
    }

    /**
     * The known word closest to {@code word}, or null. A known word that {@code word} begins is a
     * match too, so dbmate's {@code -- migrate:up} and {@code down} find {@code upgrade} and
     * {@code downgrade}.
     */
    static String closest(String word, List<String> known, int maxDistance) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String w = word.toLowerCase(Locale.ROOT);
        for (String candidate : known) {
            String c = candidate.toLowerCase(Locale.ROOT);
            if (w.length() >= 2 && c.startsWith(w)) {
                return candidate;
            }
        }
        for (String candidate : known) {
            int d = Spelling.distance(w, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= maxDistance ? best : null;
    }
}
