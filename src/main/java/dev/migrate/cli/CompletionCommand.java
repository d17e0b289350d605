package dev.migrate.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script, generated from the command model.",
                "bash: source <(migrate completion bash)   (or save it in /etc/bash_completion.d/migrate)",
                "zsh:  source <(migrate completion zsh)    (in ~/.zshrc)"})
final class CompletionCommand implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand Main main;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "SHELL", defaultValue = "bash", description = "bash or zsh (default: ${DEFAULT-VALUE}).")
    String shell;

    /** What the completion script asks for a target: printed one a line, from the scripts only (no database). */
    @picocli.CommandLine.Option(names = "--targets", hidden = true)
    boolean targets;

    /** The subcommands whose argument is a target or a revision: completed with {@code --targets}. */
    private static final java.util.List<String> TARGET_COMMANDS = java.util.List.of("upgrade", "downgrade", "stamp", "show");

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (targets) {
            printTargets(out);
            return ExitCode.OK;
        }
        String bash = withTargets(AutoComplete.bash("migrate", spec.parent().commandLine()));
        switch (shell) {
            case "bash" -> out.print(bash);
            case "zsh" -> {
                // zsh runs bash completion functions through bashcompinit.
                out.println("autoload -U +X compinit && compinit");
                out.println("autoload -U +X bashcompinit && bashcompinit");
                out.print(bash);
            }
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Unknown shell '" + shell + "': bash or zsh");
        }
        out.flush();
        return ExitCode.OK;
    }

    /**
     * picocli's script, completing revision ids, labels and the usual targets after the commands that take one,
     * and registered for {@code migrate} alone (picocli also claims {@code migrate.sh}, the production wrapper,
     * whose options are its own).
     */
    static String withTargets(String script) {
        String s = script;
        for (String command : TARGET_COMMANDS) {
            String head = "function _picocli_migrate_" + command + "() {";
            int at = s.indexOf(head);
            if (at < 0) continue;
            int end = s.indexOf("\n}\n", at);
            String body = s.substring(at, end).replace("local positionals=\"\"",
                    "local positionals=$(migrate completion --targets 2>/dev/null)");
            s = s.substring(0, at) + body + s.substring(end);
        }
        return s.replace("`migrate`, `migrate.sh`, and `migrate.bash` commands", "`migrate` command")
                .replaceAll("(?m)^complete -F _complete_migrate -o default migrate .*$", "complete -F _complete_migrate -o default migrate");
    }

    private void printTargets(java.io.PrintWriter out) {
        try {
            var graph = new Session(main).project().graph();
            java.util.Set<String> words = new java.util.LinkedHashSet<>(java.util.List.of("head", "heads", "base"));
            for (var r : graph.revisions()) {
                words.add(r.id());
                for (String label : r.branchLabels()) words.add(label + "@head");
            }
            words.forEach(out::println);
        } catch (RuntimeException noProject) {
            out.println("head");
            out.println("heads");
            out.println("base");
        }
        out.flush();
    }
}
