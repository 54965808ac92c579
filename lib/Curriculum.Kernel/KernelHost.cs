using System.Runtime.InteropServices;

namespace Curriculum.Kernel;

/// <summary>Starts the kernel for a connection file: what <c>curriculum kernel CONNECTION_FILE</c> runs.</summary>
public static class KernelHost
{
    /// <summary>Serves until shutdown; returns the process exit code (2 for a bad connection file).</summary>
    public static async Task<int> RunAsync(string connectionFile, CancellationToken cancellationToken)
    {
        ConnectionInfo connection;
        try
        {
            connection = ConnectionInfo.Load(connectionFile);
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"curriculum kernel: {e.Message}");
            return 2;
        }
        var directory = Environment.CurrentDirectory;
        var plotly = PlotlyBundles.FindPlotlyJs(directory, AppContext.BaseDirectory);
        var log = Console.Error;
        await using var executor = new WorkerExecutor(directory, plotly, log);
        using var server = new KernelServer(connection, executor, directory, log);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watch = WatchParentAsync(stop, log);
        await server.RunAsync(stop.Token);
        stop.Cancel();
        await watch;
        return 0;
    }

    /// <summary>
    /// Jupyter front ends set <c>JPY_PARENT_PID</c> when the kernel must not outlive them (ipykernel's parent poller
    /// does the same). On Unix, once a second: if this process's parent changed, the front end died without a
    /// shutdown_request (killed, crashed), and the kernel shuts down, execution process included, instead of lingering.
    /// Not on Windows, where the variable holds a handle and front ends close the kernel themselves.
    /// </summary>
    private static async Task WatchParentAsync(CancellationTokenSource stop, TextWriter log)
    {
        if (OperatingSystem.IsWindows() || string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JPY_PARENT_PID"))) return;
        int parent = getppid();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                if (getppid() == parent) continue;
                log.WriteLine($"curriculum kernel: the front end that started it (process {parent}) is gone: shutting down");
                await stop.CancelAsync();
                return;
            }
        }
        catch (OperationCanceledException) { }
    }

    [DllImport("libc", SetLastError = false)]
    private static extern int getppid();
}
