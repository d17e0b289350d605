package dev.migrate.docs;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GitHub Actions workflows are valid YAML with the structure Actions requires. */
class WorkflowsTest {

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(Path p) throws Exception {
        // YAML 1.1 reads a bare `on:` key as the boolean true, as Actions' own parser does not: accept both.
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(p));
        return (Map<String, Object>) doc;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyWorkflowHasTriggersAndJobsWithStepsThatRunOrUse() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(".github/workflows"))) {
            files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        assertEquals(List.of("ci.yml", "deploy-example.yml", "release.yml"), files.stream().map(p -> p.getFileName().toString()).toList());
        for (Path f : files) {
            Map<String, Object> wf = load(f);
            assertTrue(wf.get("name") instanceof String, f + ": name");
            Object on = wf.containsKey("on") ? wf.get("on") : wf.get(Boolean.TRUE);
            assertTrue(on instanceof Map<?, ?> m && !m.isEmpty(), f + ": triggers");
            Map<String, Object> jobs = (Map<String, Object>) wf.get("jobs");
            assertFalse(jobs.isEmpty(), f + ": jobs");
            for (Map.Entry<String, Object> job : jobs.entrySet()) {
                Map<String, Object> j = (Map<String, Object>) job.getValue();
                assertTrue(j.get("runs-on") instanceof String, f + ": " + job.getKey() + " runs-on");
                List<Map<String, Object>> steps = (List<Map<String, Object>>) j.get("steps");
                assertFalse(steps.isEmpty(), f + ": " + job.getKey() + " steps");
                for (Map<String, Object> step : steps) {
                    assertTrue(step.containsKey("run") ^ step.containsKey("uses"), f + ": a step runs or uses: " + step);
                }
            }
        }
    }

    @Test
    void ciRunsTheReadmeCommandsAgainstPostgres() throws Exception {
        String ci = Files.readString(Path.of(".github/workflows/ci.yml"));
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(ci.contains("mvn -q -DskipTests package -pl core && target/migrate upgrade head"));
        assertTrue(readme.contains("mvn -q -DskipTests package -pl core && target/migrate upgrade head"));
        assertTrue(ci.contains("run: mvn -B verify") && readme.contains("mvn -B verify"));
        assertTrue(ci.contains("MIGRATE_TEST_DATABASE_URL") && ci.contains("image: postgres:"));
        String deploy = Files.readString(Path.of(".github/workflows/deploy-example.yml"));
        assertTrue(deploy.contains("heads --check") && deploy.contains("upgrade head") && deploy.contains("secrets.DATABASE_URL"));
        assertTrue(deploy.contains("--format github lint") && deploy.contains("--since-git") && deploy.contains("fetch-depth: 0"),
                "pull requests lint the revisions they add");
        assertFalse(deploy.contains("mvn ") || deploy.contains("target/migrate"),
                "an application's repository has no migrate checkout to build: the release is downloaded");
        assertTrue(deploy.contains("migrate-$MIGRATE_VERSION.tar.gz"), "by the version it declares");
        String release = Files.readString(Path.of(".github/workflows/release.yml"));
        assertTrue(release.contains("tags: ['v*']") && release.contains("gh release create") && release.contains("target/migrate-$VERSION.tar.gz")
                && release.contains("run: mvn -B verify"), "a tag builds, tests and publishes the archive");
    }
}
