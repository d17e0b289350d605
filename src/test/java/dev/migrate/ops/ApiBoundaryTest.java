package dev.migrate.ops;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package boundaries, by their imports: the API that scripts compile against depends on nothing else in
 * migrate, and the operations know nothing of the core, the CLI or the dialects that choose them.
 */
class ApiBoundaryTest {

    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(?:static\\s+)?(dev\\.migrate\\.\\w+)");
    private static final Path MAIN = Path.of("src/main/java/dev/migrate");

    @Test
    void apiImportsNothingElseOfMigrate() throws IOException {
        assertEquals(List.of(), importsOutside("api", List.of("dev.migrate.api")));
    }

    @Test
    void opsImportsOnlyTheApiAndTheSplitter() throws IOException {
        assertEquals(List.of(), importsOutside("ops", List.of("dev.migrate.api", "dev.migrate.ops", "dev.migrate.script")));
    }

    private static List<String> importsOutside(String pkg, List<String> allowed) throws IOException {
        List<String> bad = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(MAIN.resolve(pkg))) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertTrue(files.size() > 3, "sources of " + pkg + " found in " + MAIN.toAbsolutePath());
        for (Path f : files) {
            Matcher m = IMPORT.matcher(Files.readString(f));
            while (m.find()) if (!allowed.contains(m.group(1))) bad.add(f.getFileName() + ": " + m.group(1));
        }
        return bad;
    }
}
