package dev.migrate.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code migrate check}: fails the build (exit status 9) when revisions are pending, the scripts have several heads,
 * a script changed since it was applied, or the database has revisions the scripts do not know.
 */
@Mojo(name = "check", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class CheckMojo extends MigrateMojo {

    /** Lint the pending revisions too ({@code check --lint}). */
    @Parameter(property = "migrate.lint", defaultValue = "false")
    private boolean lint;

    @Override
    protected List<String> command() {
        List<String> c = new ArrayList<>(List.of("check"));
        if (lint) c.add("--lint");
        return c;
    }
}
