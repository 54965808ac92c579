using System.CommandLine;

namespace Curriculum.Cli;

/// <summary>
/// The contract every verb keeps: exit 0 success, 1 the work failed (a notebook, a check), 2 bad arguments or input —
/// one line on stderr (<c>curriculum: …</c>), never a stack trace.
/// </summary>
internal static class Cli
{
    public const int Ok = 0, Failed = 1, Usage = 2;

    /// <summary>
    /// Commands that handle SIGINT/SIGTERM themselves. For the others, System.CommandLine turns Ctrl-C into a cancelled
    /// token and exits 2 s later; the kernel must instead treat SIGINT as "interrupt the running cell" and go on.
    /// </summary>
    public static readonly HashSet<Command> OwnSignalHandling = [];

    /// <summary>Parses and runs; any parse error (unknown command, unknown option, bad value) is one line and exit 2.</summary>
    public static int Invoke(RootCommand root, string[] args)
    {
        if (args.Length == 0)
        {
            root.Parse(["--help"]).Invoke();
            return Usage;
        }
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            var command = parsed.CommandResult.Command;
            var help = command == root ? "curriculum --help" : $"curriculum {command.Name} --help";
            var message = parsed.Errors[0].Message;
            if (parsed.UnmatchedTokens.Count > 0 && command == root)
                message = $"unknown command '{parsed.UnmatchedTokens[0]}'";
            return Fail($"{message} (see: {help})");
        }
        try
        {
            var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
            if (OwnSignalHandling.Contains(parsed.CommandResult.Command))
                configuration.ProcessTerminationTimeout = null;
            return parsed.Invoke(configuration);
        }
        catch (UsageException e)
        {
            return Fail(e.Message);
        }
        catch (OperationCanceledException)
        {
            return Fail("cancelled");
        }
        catch (Exception e)
        {
            // A bug of ours: still one line, with the type so it can be reported.
            Console.Error.WriteLine($"curriculum: internal error: {e.GetType().Name}: {FirstLine(e.Message)}");
            return Failed;
        }
    }

    /// <summary>Prints <c>curriculum: message</c> on stderr and returns exit code 2.</summary>
    public static int Fail(string message)
    {
        Console.Error.WriteLine($"curriculum: {FirstLine(message)}");
        return Usage;
    }

    /// <summary>The repository root (the folder with Curriculum.sln) above the current folder or the tool, or null.</summary>
    public static string? RepoRoot() =>
        FindUpFile(Environment.CurrentDirectory, "Curriculum.sln") ?? FindUpFile(AppContext.BaseDirectory, "Curriculum.sln");

    /// <summary>A full path for a path argument, or a usage error naming the option.</summary>
    public static string FullPath(string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new UsageException($"{what} must not be empty");
        if (value.Contains('\0'))
            throw new UsageException($"{what} contains a NUL character");
        try
        {
            return Path.GetFullPath(value);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new UsageException($"{what} is not a valid path: {value}");
        }
    }

    private static string? FindUpFile(string start, string fileName)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, fileName)))
                return dir.FullName;
        }
        return null;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].TrimEnd('\r');
}

/// <summary>Bad arguments or input: reported as one line with exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
