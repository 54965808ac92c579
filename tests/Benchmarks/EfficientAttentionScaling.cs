using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Attention;

namespace Benchmarks;

/// <summary>
/// Chapter 11's timing figure: time and allocated bytes of dense attention and of each efficient method against the
/// sequence length n (self-attention, Dk = Dv = 64), written as JSON the notebook plots. Not a BenchmarkDotNet suite:
/// one process, every method interleaved within each repetition, the best of <c>--repeats</c> kept.
/// </summary>
/// <remarks>
/// <code>dotnet run -c Release --project tests/Benchmarks -- efficient-scaling [--out notebooks/data/11-attention-scaling.json] [--max-n 8192] [--repeats 3]</code>
/// </remarks>
public static class EfficientAttentionScaling
{
    public const string Command = "dotnet run -c Release --project tests/Benchmarks -- efficient-scaling";
    private const int DK = 64;

    private sealed record Method(string Name, Func<Matrix, Matrix, Matrix, Matrix> Run);

    private static Method[] Methods(int n) =>
    [
        new("dense (three steps)", (q, k, v) =>
            Ops.MatMul(Ops.Softmax(Ops.MatMulTransposed(q, k), temperature: MathF.Sqrt(DK)), v)),   // (T,S) scores, weights
        new("Ops.ScaledDotProductAttention", (q, k, v) => Ops.ScaledDotProductAttention(q, k, v).Output),
        new("memory-efficient (B = 64)", (q, k, v) => MemoryEfficientAttention.Attention(q, k, v, blockSize: 64)),
        new("Longformer (w = 2·64, 1 global)", (q, k, v) => Longformer.Attention(q, k, v, halfWindow: 64, globalTokens: [0])),
        new("BigBird (b = 64, r = 2, g = 1)", (q, k, v) => BigBird.Attention(q, k, v, blockSize: 64, numRandomBlocks: 2, numGlobalBlocks: 1, seed: 1)),
        new("Linformer (k = 128)", LinformerRun(n)),
        new("Performer (M = 128)", (q, k, v) => Performer.Attention(q, k, v, Performer.RandomFeatures(128, DK, seed: 1))),
        new("Reformer (b = 16, c = 64, 2 hashes)", (q, k, v) => Reformer.Attention(q, v, numBuckets: 16, chunkSize: 64, numHashes: 2, seed: 1)),
    ];

    private static Func<Matrix, Matrix, Matrix, Matrix> LinformerRun(int n)
    {
        var projection = Linformer.RandomProjection(Math.Min(128, n), n, seed: 1);
        return (q, k, v) => Linformer.Attention(q, k, v, projection, projection);
    }

    public static int Run(string[] args)
    {
        string output = Option(args, "--out") ?? Path.Combine("notebooks", "data", "11-attention-scaling.json");
        int maxN = int.Parse(Option(args, "--max-n") ?? "8192");
        int repeats = int.Parse(Option(args, "--repeats") ?? "3");
        var rows = new List<object>();
        for (int n = 256; n <= maxN; n *= 2)
        {
            var queries = Matrix.RandomNormal(n, DK, seed: 1);
            var keys = Matrix.RandomNormal(n, DK, seed: 2);
            var values = Matrix.RandomNormal(n, DK, seed: 3);
            var methods = Methods(n);
            var bestWall = new double[methods.Length];
            var bestCpu = new double[methods.Length];
            var allocated = new long[methods.Length];
            Array.Fill(bestWall, double.MaxValue);
            Array.Fill(bestCpu, double.MaxValue);
            foreach (var method in methods) method.Run(queries, keys, values);      // warm-up: JIT, pools
            for (int rep = 0; rep < repeats; rep++)
                for (int i = 0; i < methods.Length; i++)
                {
                    GC.Collect();
                    long before = GC.GetTotalAllocatedBytes(precise: true);
                    GC.KeepAlive(methods[i].Run(queries, keys, values));
                    allocated[i] = GC.GetTotalAllocatedBytes(precise: true) - before;
                    var (wall, cpu) = TimePerCall(() => methods[i].Run(queries, keys, values));
                    bestWall[i] = Math.Min(bestWall[i], wall);
                    bestCpu[i] = Math.Min(bestCpu[i], cpu);
                }
            for (int i = 0; i < methods.Length; i++)
            {
                Console.WriteLine($"n = {n,6}  {methods[i].Name,-38} {bestCpu[i],10:F2} ms processor {bestWall[i],10:F2} ms wall {allocated[i] / 1048576.0,10:F2} MiB");
                rows.Add(new { method = methods[i].Name, n, processorMilliseconds = Math.Round(bestCpu[i], 3),
                    wallMilliseconds = Math.Round(bestWall[i], 3), allocatedBytes = allocated[i] });
            }
        }
        var document = new
        {
            command = Command,
            measured = DateTime.UtcNow.ToString("yyyy-MM-dd"),
            machine = $"{RuntimeInformation.OSArchitecture}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}",
            note = $"self-attention, Dk = Dv = {DK}; per method and n the best of {repeats} interleaved repetitions, each the mean over calls filling 50 ms; processor time is the sum over all threads (getrusage); allocated bytes of one call (all threads)",
            results = rows,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.WriteLine($"wrote {output}");
        return 0;
    }

    /// <summary>
    /// Wall and processor time per call, averaged over as many calls as fit in 50 ms (at least one). Processor time
    /// (all threads of the process, from getrusage) is what the chapter plots: on a shared machine it barely changes
    /// with the load, while wall time includes waiting for a core.
    /// </summary>
    private static (double WallMs, double CpuMs) TimePerCall(Func<Matrix> run)
    {
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var watch = Stopwatch.StartNew();
        int calls = 0;
        do { GC.KeepAlive(run()); calls++; } while (watch.Elapsed.TotalMilliseconds < 50);
        double wall = watch.Elapsed.TotalMilliseconds / calls;
        return (wall, (Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds / calls);
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
