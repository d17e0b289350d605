package dev.migrate.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.util.List;

/** {@code migrate upgrade <target>}: applies the pending revisions under the migration lock. */
@Mojo(name = "upgrade", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class UpgradeMojo extends MigrateMojo {

    /** The upgrade target: {@code heads}, {@code head}, a revision, or relative ({@code +1}). */
    @Parameter(property = "migrate.target", defaultValue = "heads")
    private String target;

    @Override
    protected List<String> command() {
        return List.of("upgrade", target);
    }
}
