package dev.migrate.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code migrate revision -m <message>}: a new revision script after the head, or with {@code autogenerate} the
 * changes between the revisions and the desired schema (the entities on the project's class path, for one).
 * {@code mvn compile migrate:revision -Dmigrate.message="add avatar" -Dmigrate.autogenerate}
 */
@Mojo(name = "revision", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class RevisionMojo extends MigrateMojo {

    /** The revision's message. */
    @Parameter(property = "migrate.message")
    private String message;

    /** Write the changes the desired schema needs ({@code --autogenerate}). */
    @Parameter(property = "migrate.autogenerate", defaultValue = "false")
    private boolean autogenerate;

    /** A Java revision instead of SQL ({@code --java}). */
    @Parameter(property = "migrate.java", defaultValue = "false")
    private boolean java;

    @Override
    protected List<String> command() throws MojoExecutionException {
        if (message == null || message.isBlank()) {
            throw new MojoExecutionException("migrate:revision needs a message: -Dmigrate.message=\"add avatar\" (or <message> in the plugin's configuration)");
        }
        List<String> c = new ArrayList<>(List.of("revision", "-m", message));
        if (autogenerate) c.add("--autogenerate");
        if (java) c.add("--java");
        return c;
    }
}
