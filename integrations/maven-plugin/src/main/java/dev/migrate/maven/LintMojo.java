package dev.migrate.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.util.ArrayList;
import java.util.List;

/** {@code migrate lint [range]}: fails the build (exit status 9) on a finding that reaches {@code failOn}. */
@Mojo(name = "lint", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class LintMojo extends MigrateMojo {

    /** The revisions: a range ({@code 3c4d:heads}); default those {@code upgrade heads} would run. */
    @Parameter(property = "migrate.range")
    private String range;

    /** The revisions a branch adds over this git ref ({@code origin/main}). */
    @Parameter(property = "migrate.sinceGit")
    private String sinceGit;

    /** {@code note}, {@code warning} or {@code error}. */
    @Parameter(property = "migrate.failOn", defaultValue = "error")
    private String failOn;

    @Override
    protected List<String> command() {
        List<String> c = new ArrayList<>(List.of("lint"));
        if (range != null && !range.isBlank()) c.add(range);
        if (sinceGit != null && !sinceGit.isBlank()) c.addAll(List.of("--since-git", sinceGit));
        c.addAll(List.of("--fail-on", failOn));
        return c;
    }
}
