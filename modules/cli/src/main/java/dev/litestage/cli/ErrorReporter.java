package dev.litestage.cli;

import dev.litestage.benchmark.data.DatasetException;
import dev.litestage.experiment.config.ConfigException;
import dev.litestage.model.CheckpointException;
import dev.litestage.runtime.ProfileMismatchException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Turns a failed command into one clear line on stderr and a non-zero exit, instead of a stack
 * trace: bad input (a corrupt checkpoint, a bad skip spec, a malformed config) exits 2, anything
 * else 1 with its stack trace for a bug report.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parse) {
        Throwable cause = e;
        if (cause instanceof UncheckedIOException u && u.getCause() != null) {
            cause = u.getCause();
        }
        if (isBadInput(cause)) {
            cli.getErr().println("litestage " + cli.getCommandName() + ": error: " + message(cause));
            return Main.BAD_INPUT;
        }
        cli.getErr().println("litestage " + cli.getCommandName() + ": internal error: " + cause);
        cause.printStackTrace(cli.getErr());
        return 1;
    }

    private static boolean isBadInput(Throwable t) {
        return t instanceof CheckpointException || t instanceof IllegalArgumentException
                || t instanceof NoSuchFileException || t instanceof java.io.FileNotFoundException
                || t instanceof ConfigException || t instanceof DatasetException
                || t instanceof ProfileMismatchException;
    }

    private static String message(Throwable t) {
        if (t instanceof NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
