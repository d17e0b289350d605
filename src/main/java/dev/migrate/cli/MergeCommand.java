package dev.migrate.cli;

import dev.migrate.config.Config;
import dev.migrate.core.Authoring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "merge", mixinStandardHelpOptions = true, description = "Write a revision that merges two or more heads.")
final class MergeCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "REV", arity = "1..*", description = "The revisions to merge, usually `heads`.")
    List<String> revisions;

    @Option(names = {"-m", "--message"}, paramLabel = "MESSAGE", description = "What the merge is.")
    String message;

    @Option(names = "--rev-id", paramLabel = "ID", description = "Use this revision id instead of a random one.")
    String revId;

    @Option(names = "--branch-label", paramLabel = "NAME", description = "A branch label for the merge revision.")
    List<String> branchLabels;

    @Option(names = "--java", negatable = true, description = "Write a Java revision script (default: revision_format in migrate.yaml).")
    Boolean java;

    @Override
    public Integer call() {
        Session session = new Session(main);
        Config config = session.config();
        boolean asJava = java != null ? java : config.revisionFormat().equals("java");
        Path file = new Authoring(session.project()).merge(revisions, new Authoring.Request(message, revId, null, false,
                branchLabels, List.of(), null, asJava, config.fileTemplate()), LocalDateTime.now());
        main.lines(spec).println("Generating " + Texts.relative(file, main.workingDirectory) + " ... done");
        if (main.json()) {
            JsonOutput.print(spec.commandLine().getOut(), JsonOutput.written("merge", new Session(main).project(), file, main.workingDirectory));
        }
        return ExitCode.OK;
    }
}
