using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Curriculum.Execution;

/// <summary>
/// Finds and kills everything a worker started. On Linux the worker makes itself a session leader and a child subreaper
/// (orphans of a double fork are re-parented to it, not to init), and every process it starts inherits the tag
/// variable <see cref="TagVariable"/>. A kill takes, in rounds until none is left: the worker's process group and session,
/// its descendants (by parent id in <c>/proc</c>) and every process whose environment carries the run's tag, so a
/// double-forked <c>setsid sleep</c> dies too. Only a process that deliberately drops the tag from its environment and
/// leaves the session escapes (the grader's sandbox adds a PID namespace for that). Elsewhere:
/// <see cref="Process.Kill(bool)"/> of the tree.
/// </summary>
public static class ProcessTree
{
    /// <summary>The environment variable that marks a worker and everything it starts (a random tag, not a secret).</summary>
    public const string TagVariable = "CURRICULUM_EXECUTION_TAG";

    private const int SigKill = 9, SigStop = 19, PrSetChildSubreaper = 36;

    /// <summary>Called by the worker at start: its own session and process group, and a subreaper for orphans.</summary>
    internal static void BecomeSessionLeaderAndSubreaper()
    {
        if (!OperatingSystem.IsLinux())
            return;
        try
        {
            _ = setsid();
            _ = prctl(PrSetChildSubreaper, 1, 0, 0, 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc-compatible: the tag scan still finds the descendants.
        }
    }

    /// <summary>Kills <paramref name="root"/> and everything it started; returns within about two seconds.</summary>
    /// <param name="root">The worker process.</param>
    /// <param name="tag">The value of <see cref="TagVariable"/> given to the worker.</param>
    public static void Kill(Process root, string tag)
    {
        int rootId;
        try
        {
            rootId = root.Id;
        }
        catch (InvalidOperationException)
        {
            return;
        }
        if (OperatingSystem.IsLinux())
        {
            try
            {
                for (var round = 0; round < 40; round++)
                {
                    var victims = Find(rootId, tag);
                    if (victims.Count == 0)
                        break;
                    // Stop first so nothing forks between the scan and the kill, then kill.
                    foreach (var pid in victims)
                        _ = kill(pid, SigStop);
                    foreach (var pid in victims)
                        _ = kill(pid, SigKill);
                    Thread.Sleep(round < 5 ? 5 : 50);
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                KillTree(root);
            }
        }
        else
        {
            KillTree(root);
        }
        try
        {
            root.WaitForExit(TimeSpan.FromSeconds(2));
        }
        catch (InvalidOperationException)
        {
            // Not started by this Process object, or already reaped.
        }
    }

    /// <summary>The live processes (zombies excluded) of the worker <paramref name="rootId"/>'s tree, found as described above.</summary>
    /// <param name="rootId">The worker's process id.</param>
    /// <param name="tag">The value of <see cref="TagVariable"/> given to the worker.</param>
    public static IReadOnlyList<int> Find(int rootId, string tag)
    {
        if (!OperatingSystem.IsLinux())
            return [];
        var self = Environment.ProcessId;
        var marker = Encoding.UTF8.GetBytes($"{TagVariable}={tag}\0");
        var parents = new Dictionary<int, int>();
        var found = new HashSet<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == self)
                continue;
            if (ReadStat(pid) is not { } stat || stat.State is 'Z' or 'X')
                continue;
            parents[pid] = stat.Parent;
            if (pid == rootId || stat.Group == rootId || stat.Session == rootId || EnvironmentHas(pid, marker))
                found.Add(pid);
        }
        // Descendants by parent id, to a fixed point (the tag scan may have found subtrees of their own).
        bool grew;
        do
        {
            grew = false;
            foreach (var (pid, parent) in parents)
                if ((parent == rootId || found.Contains(parent)) && found.Add(pid))
                    grew = true;
        } while (grew);
        found.Remove(self);
        return found.ToList();
    }

    private static (char State, int Parent, int Group, int Session)? ReadStat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var close = text.LastIndexOf(')');
            var fields = text[(close + 2)..].Split(' ');
            return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[2], CultureInfo.InvariantCulture),
                int.Parse(fields[3], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static bool EnvironmentHas(int pid, byte[] marker)
    {
        try
        {
            var environ = File.ReadAllBytes($"/proc/{pid}/environ");
            var span = environ.AsSpan();
            // Each entry ends with NUL; match "NAME=value\0" at the start or after a NUL.
            for (var at = span.IndexOf(marker); at >= 0; at = NextMatch(span, marker, at))
                if (at == 0 || span[at - 1] == 0)
                    return true;
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static int NextMatch(ReadOnlySpan<byte> span, byte[] marker, int previous)
    {
        var next = span[(previous + 1)..].IndexOf(marker);
        return next < 0 ? -1 : previous + 1 + next;
    }

    private static void KillTree(Process root)
    {
        try
        {
            root.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setsid();

    [DllImport("libc", SetLastError = true)]
    private static extern int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
