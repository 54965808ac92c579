using System.Text;
using Curriculum.Execution.Protocol;

namespace Curriculum.Execution.Tests;

/// <summary>Starts workers in a fresh temp folder and collects their events.</summary>
internal static class Workers
{
    public static string TempFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "curriculum-execution-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static Task<WorkerProcess> StartAsync(OutputLimits? limits = null) =>
        WorkerProcess.StartAsync(new WorkerOptions { WorkingDirectory = TempFolder(), OutputLimits = limits ?? OutputLimits.Default });

    public static async Task<(ExecutionResult Result, List<ExecutionEvent> Events)> RunAsync(this WorkerProcess worker, string code,
        TimeSpan? timeout = null, int cell = 1)
    {
        var events = new List<ExecutionEvent>();
        var result = await worker.ExecuteAsync(code, e =>
        {
            lock (events)
                events.Add(e);
        }, new ExecuteOptions { Timeout = timeout ?? TimeSpan.FromSeconds(60), Cell = cell });
        return (result, events);
    }

    /// <summary>The concatenated text of one stream.</summary>
    public static string Text(this IEnumerable<ExecutionEvent> events, string name = "stdout") =>
        string.Concat(events.OfType<StreamEvent>().Where(s => s.Name == name).Select(s => s.Text));

    /// <summary>True when /proc has a live (not zombie) process with this id.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Processes anywhere on the machine whose environment carries <paramref name="tag"/> (zombies excluded).</summary>
    public static List<int> Tagged(string tag)
    {
        var marker = Encoding.UTF8.GetBytes($"{ProcessTree.TagVariable}={tag}");
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                if (File.ReadAllBytes($"/proc/{pid}/environ").AsSpan().IndexOf(marker) >= 0 && IsAlive(pid))
                    found.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        return found;
    }
}
