using System.Diagnostics;

namespace Curriculum.Grading.Host;

/// <summary>How the exercise host is isolated; the grader names it in its output and in every gradebook.</summary>
public enum Isolation
{
    /// <summary>bubblewrap: no network, own PID namespace, only the .NET runtime, the host's own folder and the
    /// submission's build folder visible (read-only), plus an address-space limit.</summary>
    Bubblewrap,

    /// <summary>A separate process with an address-space limit (prlimit) but the grader's view of the disk: used where
    /// bubblewrap is missing or does not work. A hostile submission can read what the grader's user can read.</summary>
    ProcessOnly,
}

/// <summary>Builds the command line that starts the exercise host under the strongest isolation available.</summary>
public static class Sandbox
{
    private static readonly Lazy<Isolation> Detected = new(Detect);

    /// <summary>The isolation this machine gives: bubblewrap when <c>bwrap</c> exists and works, else process-only.</summary>
    public static Isolation Available => Environment.GetEnvironmentVariable("CURRICULUM_NO_BWRAP") == "1" ? Isolation.ProcessOnly : Detected.Value;

    private const string Prlimit = "/usr/bin/prlimit";

    /// <summary>Whether hosts get an address-space limit: util-linux's <c>prlimit</c> is there to set it.</summary>
    public static bool AddressSpaceLimited => File.Exists(Prlimit);

    /// <summary>One line for people: which isolation grading uses.</summary>
    public static string Describe(Isolation isolation) => Describe(isolation, AddressSpaceLimited);

    internal static string Describe(Isolation isolation, bool addressSpaceLimited)
    {
        var memory = addressSpaceLimited ? "address-space limit"
            : "managed-heap limit only (no address-space limit: `prlimit` from util-linux not found, so native memory is unbounded)";
        return isolation switch
        {
            Isolation.Bubblewrap => $"isolation: bubblewrap (no network, private /proc and /tmp, only the runtime and the submission's build visible, read-only) + {memory}",
            _ => $"isolation: separate process + {memory} (bubblewrap not available: install the Debian package `bubblewrap`); a hostile submission could read files the grader can read",
        };
    }

    /// <summary>The argv (program first) that runs <paramref name="command"/> isolated.</summary>
    /// <param name="command">The host command: the dotnet executable and its arguments.</param>
    /// <param name="readOnly">Folders the host may read (the runtime, its own folder, the build folder).</param>
    /// <param name="channelDir">The folder holding the private socket.</param>
    /// <param name="addressSpaceBytes">RLIMIT_AS for the host: covers managed and native memory.</param>
    /// <param name="isolation">The isolation to use.</param>
    public static List<string> Wrap(IReadOnlyList<string> command, IEnumerable<string> readOnly, string channelDir, long addressSpaceBytes, Isolation isolation)
    {
        var argv = new List<string>();
        if (AddressSpaceLimited)
            argv.AddRange([Prlimit, $"--as={addressSpaceBytes}", "--core=0", "--"]);
        if (isolation == Isolation.Bubblewrap)
        {
            argv.AddRange(["bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--ro-bind", "/usr", "/usr"]);
            foreach (var top in new[] { "/lib", "/lib64", "/bin", "/sbin" })
            {
                var info = new FileInfo(top);
                if (info.LinkTarget is { } target)
                    argv.AddRange(["--symlink", target, top]);
                else if (Directory.Exists(top))
                    argv.AddRange(["--ro-bind", top, top]);
            }
            // /tmp first: the build and channel folders usually live under it and are bound on top.
            argv.AddRange(["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]);
            foreach (var folder in readOnly.Select(Path.GetFullPath).Distinct().Where(f => !f.StartsWith("/usr/", StringComparison.Ordinal)))
                argv.AddRange(["--ro-bind", folder, folder]);
            argv.AddRange(["--bind", channelDir, channelDir, "--chdir", "/tmp", "--"]);
        }
        argv.AddRange(command);
        return argv;
    }

    private static Isolation Detect()
    {
        try
        {
            var probe = new ProcessStartInfo("bwrap") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in new[] { "--unshare-all", "--die-with-parent", "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--proc", "/proc", "--", "/usr/bin/true" })
                probe.ArgumentList.Add(a);
            using var process = Process.Start(probe);
            if (process is null) return Isolation.ProcessOnly;
            process.StandardError.ReadToEnd();
            return process.WaitForExit(10_000) && process.ExitCode == 0 ? Isolation.Bubblewrap : Isolation.ProcessOnly;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            return Isolation.ProcessOnly;
        }
    }
}
