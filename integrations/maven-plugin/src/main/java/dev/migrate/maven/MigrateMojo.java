package dev.migrate.maven;

import dev.migrate.cli.Main;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A goal that runs one of migrate's commands as the CLI does, in the project's directory: {@code migrate.yaml} (or
 * {@code configFile}) and {@code DATABASE_URL} as usual, the plugin's parameters as the CLI's options, and the
 * project's runtime class path (its compiled Java revisions, its entities) as {@code --classpath}. The command's
 * output goes to Maven's log; a non-zero exit fails the build and names the exit status
 * (MIGRATIONS.md, "Exit codes").
 */
abstract class MigrateMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /** The configuration file; default {@code migrate.yaml} in the project's directory, when there is one. */
    @Parameter(property = "migrate.config")
    protected File configFile;

    /** The database URL, instead of {@code DATABASE_URL} and the file's {@code url}. */
    @Parameter(property = "migrate.url")
    protected String url;

    /** Pass the project's runtime class path as {@code --classpath} (compiled Java revisions, entities). */
    @Parameter(property = "migrate.useProjectClasspath", defaultValue = "true")
    protected boolean useProjectClasspath;

    /** Skip the goal. */
    @Parameter(property = "migrate.skip", defaultValue = "false")
    protected boolean skip;

    /** The command and its own arguments, after the global options. */
    protected abstract List<String> command() throws MojoExecutionException;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("migrate: skipped");
            return;
        }
        List<String> args = new ArrayList<>();
        if (configFile != null) args.addAll(List.of("--config", configFile.getAbsolutePath()));
        if (url != null && !url.isBlank()) args.addAll(List.of("--url", url));
        String classpath = classpath();
        if (!classpath.isEmpty()) args.addAll(List.of("--classpath", classpath));
        List<String> command = command();
        args.addAll(command);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(getClass().getClassLoader());
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            code = Main.commandLine(Map.copyOf(System.getenv()), project.getBasedir().toPath(), o, e).execute(args.toArray(String[]::new));
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        out.toString().lines().forEach(getLog()::info);
        err.toString().lines().forEach(code == 0 ? getLog()::warn : getLog()::error);
        if (code != 0) {
            String last = err.toString().isBlank() ? out.toString().strip() : err.toString().strip();
            throw new MojoFailureException("migrate " + command.get(0) + " failed with exit status " + code
                    + " (MIGRATIONS.md, \"Exit codes\")" + (last.isEmpty() ? "" : ": " + last.lines().reduce((a, b) -> b).orElse("")));
        }
    }

    /** The project's output and runtime dependencies that exist (before {@code compile}, target/classes does not). */
    private String classpath() throws MojoExecutionException {
        if (!useProjectClasspath) return "";
        try {
            List<String> entries = new ArrayList<>();
            for (String e : project.getRuntimeClasspathElements()) if (Files.exists(Path.of(e))) entries.add(e);
            return String.join(File.pathSeparator, entries);
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("the project's runtime class path is not resolved", e);
        }
    }
}
