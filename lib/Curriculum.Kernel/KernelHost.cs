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
        await server.RunAsync(cancellationToken);
        return 0;
    }
}
