package dev.migrate.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The graph stays pure: it imports only java.util (and its own package) and prints nothing. */
class GraphBoundaryTest {

    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final Pattern ALLOWED = Pattern.compile(
            "java\\.util\\.[A-Z]\\w*|java\\.util\\.function\\.\\w+|java\\.util\\.stream\\.\\w+|dev\\.migrate\\.graph\\..+");

    @Test
    void importsOnlyJavaUtil() throws IOException {
        List<String> offending = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/migrate/graph"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String source = Files.readString(file);
                Matcher m = IMPORT.matcher(source);
                while (m.find()) {
                    if (!ALLOWED.matcher(m.group(2)).matches()) {
                        offending.add(file.getFileName() + ": " + m.group(2));
                    }
                }
                if (source.contains("System.out") || source.contains("System.err")) {
                    offending.add(file.getFileName() + ": prints");
                }
            }
        }
        assertEquals(List.of(), offending);
    }
}
