package dev.migrate.tenants;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A tenants file as editors write it: comments, blank lines, CRLF, a byte order mark. */
class TargetsTest {

    @TempDir Path dir;

    @Test
    void aByteOrderMarkIsNoPartOfTheFirstTenant() throws Exception {
        Path file = dir.resolve("tenants.txt");
        Files.write(file, "\uFEFFs_01\r\ns_02 # the second\r\n\r\n# s_03\r\ns_01\r\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("s_01", "s_02"), Targets.fromFile(file));
        assertEquals(1, Targets.lineOf(file, "s_01"), "its first line");
        assertEquals(2, Targets.lineOf(file, "s_02"));
        assertNull(Targets.lineOf(file, "s_03"), "a comment lists no tenant");
    }

    @Test
    void aByteOrderMarkOnAFileOfOneCommentLeavesNoTenant() throws Exception {
        Path file = dir.resolve("tenants.txt");
        Files.write(file, "\uFEFF# none yet\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), Targets.fromFile(file));
    }
}
