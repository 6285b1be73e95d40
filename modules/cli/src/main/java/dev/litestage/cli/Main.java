package dev.litestage.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code litestage} command line. */
@Command(name = "litestage", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Latency-aware sublayer skipping and early exit for multi-stage reasoning with small LMs.",
        subcommands = {RunCommand.class, EvalCommand.class, GenerateCommand.class, BenchCommand.class, ServeCommand.class, LoadTestCommand.class,
                ExportCommand.class, TrainCommand.class, SensitivityCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    /** Exit code for bad input (a file, config field or option that cannot be used). */
    static final int BAD_INPUT = 2;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new ErrorReporter());
        return cli;
    }
}
