package dev.migrate.process;

import dev.migrate.docs.DocProjects;
import dev.migrate.docs.Guide;
import dev.migrate.docs.Transcripts;
import dev.migrate.support.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guide's blocks that need the packaged tool (see {@code dev.migrate.docs.GuideTest} for the markers):
 * <ul>
 *   <li>{@code ```sh} blocks run with {@code bash -eo pipefail}, in the project of their {@code setup=} (by default
 *   the example project; blocks under one heading share it), with {@code target/migrate} on the PATH as
 *   {@code migrate} and {@code EDITOR} a stand-in (see {@link Shell#EDITOR}); every command must succeed. Where the
 *   setup gives a PostgreSQL database, a {@code postgres://} URL written in the block is replaced by it (the guide's
 *   {@code postgres://app:secret@db:5432/app} is the reader's own database). {@code then=ARGS => TEXT} checks the
 *   result: {@code migrate ARGS} prints the line TEXT.</li>
 *   <li>transcripts marked {@code process}, run by {@code target/migrate} (e.g. on a runtime without the compiler).</li>
 * </ul>
 */
class GuideIT {

    @TempDir static java.nio.file.Path tmp;
    static final Guide GUIDE = Guide.migrations();
    static final List<String> DATABASES = new ArrayList<>();
    static Shell shell;

    private static DocProjects.Project project;
    private static String projectSection;

    @BeforeAll
    static void launcher() throws Exception {
        shell = new Shell(tmp);
    }

    @AfterAll
    static void dropDatabases() {
        DATABASES.forEach(PostgresServer::dropDatabase);
    }

    @TestFactory
    Stream<DynamicTest> shellBlocksAndProcessTranscripts() {
        return GUIDE.blocks().stream()
                .filter(b -> b.kind() == Guide.Kind.SHELL || b.kind() == Guide.Kind.TRANSCRIPT && b.has("process"))
                .map(b -> DynamicTest.dynamicTest(b.line() + " " + b.section() + " " + b.kind(), () -> run(b)));
    }

    void run(Guide.Block b) throws Exception {
        DocProjects.Project p = projectFor(b);
        Transcripts.given(b, p, shell::migrate);
        if (b.kind() == Guide.Kind.TRANSCRIPT) {
            Transcripts.runTranscript(b, p, shell::migrate);
            return;
        }
        String script = b.text();
        String url = p.env().get("DATABASE_URL");
        if (url != null && url.startsWith("postgres")) script = script.replaceAll("postgres(ql)?://[^\\s\"']+", Matcher.quoteReplacement(url));
        Shell.Run run = shell.bash(p.dir(), p.env(), script);
        assertEquals(0, run.code(), b + " failed:\n" + b.text() + "--- output:\n" + run.out());
        if (b.has("then")) {
            String[] then = b.get("then").split("=>", 2);
            assertEquals(2, then.length, b + ": then=ARGS => TEXT");
            Transcripts.Output o = shell.migrate(p, Transcripts.words(then[0]), false);
            assertEquals(0, o.code(), b + ": migrate " + then[0] + ": " + o.text());
            assertTrue(o.text().lines().anyMatch(l -> l.strip().equals(then[1].strip())),
                    b + ": after the block, `migrate " + then[0].strip() + "` prints " + then[1].strip() + ", not:\n" + o.text());
        }
    }

    /** As in GuideTest: a fresh project at a section's first block or for a block with setup=. */
    private static DocProjects.Project projectFor(Guide.Block b) {
        if (b.has("setup") || project == null || !b.section().equals(projectSection)) {
            project = DocProjects.create(b.has("setup") ? b.get("setup") : DocProjects.DEFAULT, tmp, GUIDE, shell.setupRunner());
            projectSection = b.section();
            if (project.env().containsKey("DATABASE_URL") && project.env().get("DATABASE_URL").startsWith("postgres")) {
                DATABASES.add(project.env().get("DATABASE_URL"));
            }
        }
        return project;
    }
}
