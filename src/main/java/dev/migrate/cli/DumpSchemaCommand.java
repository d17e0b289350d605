package dev.migrate.cli;

import dev.migrate.autogen.DesiredSchema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "dump-schema", mixinStandardHelpOptions = true,
        description = "Write the schema of the revisions (at heads, or --at REV) as ordered, deterministic SQL from the "
                + "catalog: no pg_dump, no version coupling. It reads back as the same schema (a schema_files source).")
final class DumpSchemaCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to this file instead of standard output.")
    Path output;

    @Option(names = "--at", paramLabel = "SIDE", defaultValue = "heads",
            description = "Which schema: heads (default), a revision, database (the configured one) or url:URL.")
    String at;

    @Option(names = {"-v", "--verbose"}, description = "Say how the revisions' schema was made (replayed or from the template cache) and how long it took.")
    boolean verbose;

    @Override
    public Integer call() {
        Session session = new Session(main);
        Autogen autogen = new Autogen(main, spec, session);
        DesiredSchema schema = autogen.side(at, "--at");
        String sql;
        try (Workbench bench = autogen.workbench(verbose)) {
            sql = bench.autogenerate().dumpSchema(schema, autogen.options(false, false, false));
        }
        String text = "-- The schema of " + autogen.describe(schema) + ", written by migrate dump-schema.\n\n" + sql;
        if (output != null) {
            Path file = main.workingDirectory.resolve(output);
            try {
                if (file.getParent() != null) Files.createDirectories(file.getParent());
                Files.writeString(file, text);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
            main.lines(spec).println("Wrote the schema of " + autogen.describe(schema) + " to " + Texts.relative(file, main.workingDirectory));
            if (main.json()) {
                JsonOutput.print(spec.commandLine().getOut(), JsonOutput.document("dump-schema").put("file", JsonOutput.path(file, main.workingDirectory))
                        .put("schema", autogen.describe(schema)));
            }
        } else if (main.json()) {
            JsonOutput.print(spec.commandLine().getOut(), JsonOutput.document("dump-schema").put("schema", autogen.describe(schema)).put("sql", sql));
        } else {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        }
        return ExitCode.OK;
    }
}
