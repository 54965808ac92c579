using System.Text;
using System.Text.Json.Nodes;

namespace Curriculum.Notebooks.Scripting;

/// <summary>
/// The child process that executes one notebook (<c>dotnet Curriculum.Notebooks.dll --notebook-worker path</c>).
/// It reports to the parent over stdout with lines that start with <see cref="Marker"/>; user console output is captured
/// into the cells' outputs instead. One process per notebook: <c>#r</c> assemblies cannot be unloaded, and a runaway
/// cell can only be stopped by killing its process.
/// </summary>
internal static class Worker
{
    public const string Marker = "@@curriculum-worker ";
    public const string Verb = "--notebook-worker";

    /// <summary>Sent by the parent on stdin before it kills a cell that ran out of time; answered with a "partial" report.</summary>
    public const string OutputsRequest = "outputs?";

    public static int Main(string[] args)
    {
        if (args.Length != 2 || args[0] != Verb)
        {
            Console.Error.WriteLine($"usage: Curriculum.Notebooks {Verb} <notebook.ipynb>");
            return 2;
        }
        var protocol = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        try
        {
            return RunAsync(args[1], protocol).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            Send(protocol, new JsonObject { ["event"] = "crash", ["message"] = $"{e.GetType().Name}: {e.Message}" });
            return 1;
        }
    }

    private static async Task<int> RunAsync(string path, StreamWriter protocol)
    {
        var notebook = Notebook.Load(path);
        var kernel = new ScriptKernel(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var requests = Console.In;
        Console.SetOut(kernel.StdOut);
        Console.SetError(kernel.StdErr);
        Console.SetIn(TextReader.Null);
        var currentCell = 0;
        var listener = new Thread(() =>
        {
            while (requests.ReadLine() is { } request)
            {
                if (request == OutputsRequest)
                {
                    Send(protocol, new JsonObject
                    {
                        ["event"] = "partial",
                        ["cell"] = Volatile.Read(ref currentCell),
                        ["outputs"] = new JsonArray(kernel.OutputsSoFar().Select(o => (JsonNode)o).ToArray()),
                    });
                }
            }
        }) { IsBackground = true, Name = "parent requests" };
        listener.Start();
        await kernel.StartAsync();
        Send(protocol, new JsonObject { ["event"] = "ready" });

        var executionCount = 0;
        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            if (!cell.IsCode)
                continue;
            executionCount++;
            Volatile.Write(ref currentCell, i + 1);
            Send(protocol, new JsonObject { ["event"] = "start", ["cell"] = i + 1 });
            var result = await kernel.ExecuteAsync(i + 1, executionCount, cell.Source);
            Send(protocol, new JsonObject
            {
                ["event"] = "done",
                ["cell"] = i + 1,
                ["executionCount"] = executionCount,
                ["failed"] = result.Failed,
                ["errorLine"] = result.ErrorLine,
                ["errorMessage"] = result.ErrorMessage,
                ["outputs"] = new JsonArray(result.Outputs.Select(o => (JsonNode)o).ToArray()),
            });
            if (result.Failed)
                break;
        }
        Send(protocol, new JsonObject { ["event"] = "end" });
        return 0;
    }

    private static void Send(StreamWriter protocol, JsonObject message)
    {
        lock (protocol)
            protocol.WriteLine(Marker + message.ToJsonString());
    }
}
