package dev.graft.runtime.cli;

import dev.graft.cuda.CudaUnavailableException;
import dev.graft.registry.RefusedException;
import dev.graft.registry.RegistryUnreachableException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions into one clear line on standard error and an exit code from {@link ExitCodes}.
 * A stack trace is printed only when {@code GRAFT_DEBUG} is set.
 */
enum ExitCodeMapper implements IExitCodeExceptionMapper, IExecutionExceptionHandler, IParameterExceptionHandler {
    INSTANCE;

    @Override
    public int getExitCode(Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof ParameterException) {
            return ExitCodes.USAGE;
        }
        if (c instanceof RefusedException r) {
            return switch (r.reason()) {
                case BAD_SIGNATURE, CHECKSUM_MISMATCH, ROLLBACK_ATTACK, UNSAFE_JAR, UNSIGNED -> ExitCodes.NO_PERMISSION;
                case INCOMPATIBLE, MISSING_DEPENDENCY, DEPENDENCY_CYCLE, DUPLICATE_ID, MALFORMED, CONFLICT -> ExitCodes.DATA_ERROR;
                case NOT_FOUND -> ExitCodes.NO_INPUT;
                case NOT_CONFIRMED -> ExitCodes.USAGE;
            };
        }
        if (c instanceof dev.graft.api.model.ModelFormatException) {
            return ExitCodes.DATA_ERROR;
        }
        if (c instanceof NoSuchFileException || c instanceof FileNotFoundException) {
            return ExitCodes.NO_INPUT;
        }
        if (c instanceof RegistryUnreachableException || c instanceof CudaUnavailableException) {
            return ExitCodes.UNAVAILABLE;
        }
        if (c instanceof IOException) {
            return ExitCodes.IO_ERROR;
        }
        if (c instanceof IllegalArgumentException) {
            return ExitCodes.DATA_ERROR;
        }
        if (c instanceof InterruptedException) {
            return ExitCodes.INTERRUPTED;
        }
        if (c instanceof SecurityException) {
            return ExitCodes.NO_PERMISSION;
        }
        return ExitCodes.SOFTWARE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
        Throwable c = unwrap(ex);
        String msg = message(c);
        cl.getErr().println("graft: " + msg);
        if (System.getenv("GRAFT_DEBUG") != null) {
            c.printStackTrace(cl.getErr());
        }
        return getExitCode(c);
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        cl.getErr().println("graft: " + ex.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, cl.getErr())) {
            cl.getErr().println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        return ExitCodes.USAGE;
    }

    /**
     * A file-system exception thrown without a reason carries only the path as its message; this adds what
     * happened to it.
     */
    static String message(Throwable c) {
        if (c instanceof FileSystemException f && f.getReason() == null) {
            String what = switch (f) {
                case NoSuchFileException x -> "no such file or directory";
                case AccessDeniedException x -> "permission denied";
                case FileAlreadyExistsException x -> "already exists";
                case DirectoryNotEmptyException x -> "directory not empty";
                case NotDirectoryException x -> "not a directory";
                default -> f.getClass().getSimpleName();
            };
            return f.getMessage() + ": " + what;
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof UncheckedIOException || c instanceof CommandLine.ExecutionException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
