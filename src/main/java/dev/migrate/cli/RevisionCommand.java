package dev.migrate.cli;

import dev.migrate.config.Config;
import dev.migrate.core.Authoring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "revision", mixinStandardHelpOptions = true,
        description = "Write a new revision script: empty, or with --autogenerate the change from the revisions' schema to the "
                + "desired one (a schema file, the JPA entities, or a live database), verified up and down before it is written.")
final class RevisionCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Option(names = {"-m", "--message"}, paramLabel = "MESSAGE", description = "What the revision does (the first line of the script).")
    String message;

    @Option(names = "--rev-id", paramLabel = "ID", description = "Use this revision id instead of a random one.")
    String revId;

    @Option(names = "--head", paramLabel = "REV", defaultValue = "head",
            description = "Base the revision on this head (default: ${DEFAULT-VALUE}); `base` starts a new root.")
    String head;

    @Option(names = "--splice", description = "Allow --head to name a revision that is not a head (starts a branch).")
    boolean splice;

    @Option(names = "--branch-label", paramLabel = "NAME", description = "A branch label for the new revision.")
    List<String> branchLabels;

    @Option(names = "--depends-on", paramLabel = "REV", arity = "1..*", description = "Revisions (or labels) it depends on.")
    List<String> dependsOn;

    @Option(names = "--version-path", paramLabel = "DIR", description = "Which version location to write into.")
    Path versionPath;

    @Option(names = "--java", negatable = true, description = "Write a Java revision script (default: revision_format in migrate.yaml).")
    Boolean java;

    @Option(names = {"-v", "--verbose"}, description = "With --autogenerate: say how the revisions' schema was made (replayed or "
            + "from the template cache) and how long it took.")
    boolean verbose;

    @Option(names = "--autogenerate", description = "Write the change from the schema of the revisions to the desired schema.")
    boolean autogenerate;

    @Option(names = "--from-schema", paramLabel = "PATH", description = "The desired schema: a .sql file or a folder of them "
            + "(default: schema_files in migrate.yaml).")
    List<Path> fromSchema;

    @Option(names = "--from-url", paramLabel = "URL", description = "The desired schema: a live database (taking one over, or drift).")
    String fromUrl;

    @Option(names = "--from-entities", description = "The desired schema: the JPA entities on the class path (entity_packages).")
    boolean fromEntities;

    @Option(names = "--rename", paramLabel = "OLD=NEW", description = "A rename: table.old_column=new_column, or old_table=new_table.")
    List<String> renames;

    @Option(names = "--safe", negatable = true, description = "Online-safe forms for tables that exist (default: autogenerate_safe, true).")
    Boolean safe;

    @Option(names = "--verify", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Prove the revision up and down on scratch databases before writing it (default: on).")
    boolean verify;

    @Override
    public Integer call() {
        Session session = new Session(main);
        if (autogenerate) {
            return new Autogen(main, spec, session).revision(this);
        }
        if (fromSchema != null || fromUrl != null || fromEntities || renames != null || safe != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--from-schema, --from-url, --from-entities, --rename and --safe go with --autogenerate.");
        }
        Config config = session.config();
        boolean asJava = java != null ? java : config.revisionFormat().equals("java");
        Path file = new Authoring(session.project()).revision(new Authoring.Request(message, revId, head, splice,
                branchLabels, dependsOn, versionPath == null ? null : main.workingDirectory.resolve(versionPath), asJava,
                config.fileTemplate()), LocalDateTime.now());
        main.lines(spec).println("Generating " + Texts.relative(file, main.workingDirectory) + " ... done");
        if (main.json()) {
            JsonOutput.print(spec.commandLine().getOut(), JsonOutput.written("revision", new Session(main).project(), file, main.workingDirectory));
        }
        return ExitCode.OK;
    }
}
