package dev.graft.runtime.cli;

/**
 * The exit codes of every {@code graft} command, after BSD's {@code sysexits.h}.
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><th>code</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>success</td></tr>
 *   <tr><td>1</td><td>a check failed (for example {@code plugin verify} found a mismatch)</td></tr>
 *   <tr><td>64</td><td>usage error: unknown option, bad value</td></tr>
 *   <tr><td>65</td><td>bad input data: corrupt file, unsupported config</td></tr>
 *   <tr><td>66</td><td>an input file or directory does not exist</td></tr>
 *   <tr><td>69</td><td>a service is unavailable (no GPU, registry unreachable)</td></tr>
 *   <tr><td>70</td><td>internal software error</td></tr>
 *   <tr><td>73</td><td>an output file cannot be created</td></tr>
 *   <tr><td>74</td><td>input/output error</td></tr>
 *   <tr><td>77</td><td>permission denied: signature or checksum refused</td></tr>
 *   <tr><td>130</td><td>interrupted (Ctrl-C); the last checkpoint is kept</td></tr>
 * </table>
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int CHECK_FAILED = 1;
    public static final int USAGE = 64;
    public static final int DATA_ERROR = 65;
    public static final int NO_INPUT = 66;
    public static final int UNAVAILABLE = 69;
    public static final int SOFTWARE = 70;
    public static final int CANT_CREATE = 73;
    public static final int IO_ERROR = 74;
    public static final int NO_PERMISSION = 77;
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
