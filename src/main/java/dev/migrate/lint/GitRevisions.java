package dev.migrate.lint;

import dev.migrate.config.ConfigException;
import dev.migrate.core.Project;
import dev.migrate.graph.Revision;
import dev.migrate.script.RevisionScript;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code --since-git REF}: the revisions a branch adds, those whose scripts are not in git at {@code REF} (by path in
 * the repository: "the last N revisions" means nothing in a graph). Reads git as a process, nothing else.
 */
public final class GitRevisions {
    private GitRevisions() { }

    /** The ids of the project's revisions whose script file is not in {@code ref}'s tree. */
    public static Set<String> notAt(String ref, Project project, Path workingDirectory) {
        Path root = Path.of(git(workingDirectory, List.of("rev-parse", "--show-toplevel"), "this is not inside a git repository",
                "Run lint from the project's git checkout, or name the revisions as a range (START:END)").strip());
        git(workingDirectory, List.of("rev-parse", "--verify", "--quiet", ref + "^{commit}"), "git knows no commit `" + ref + "`",
                "Fetch it first (git fetch origin), or name a branch, tag or commit that exists");
        Set<String> there = new HashSet<>(git(root, List.of("ls-tree", "-r", "--name-only", "-z", ref), "cannot list " + ref,
                "Check the ref").lines().flatMap(l -> java.util.Arrays.stream(l.split("\0"))).toList());
        Set<String> fresh = new LinkedHashSet<>();
        for (Revision r : project.graph().revisions()) {
            RevisionScript s = project.script(r.id());
            if (s == null || s.path() == null) continue;
            String relative = root.toAbsolutePath().normalize().relativize(s.path().toAbsolutePath().normalize()).toString().replace('\\', '/');
            if (!there.contains(relative)) fresh.add(r.id());
        }
        return fresh;
    }

    private static String git(Path dir, List<String> args, String problem, String hint) {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new ConfigException(null, "--since-git", null, problem, hint);
            return out;
        } catch (IOException e) {
            throw new ConfigException(null, "--since-git", null, "git cannot be run (" + e.getMessage() + ")", "Install git");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException(null, "--since-git", null, "interrupted while git ran", hint);
        }
    }
}
