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
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "SHELL", defaultValue = "bash", description = "bash or zsh (default: ${DEFAULT-VALUE}).")
    String shell;

    @Override
    public Integer call() {
        String bash = AutoComplete.bash("migrate", spec.parent().commandLine());
        var out = spec.commandLine().getOut();
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
}
