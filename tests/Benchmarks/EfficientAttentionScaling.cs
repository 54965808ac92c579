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
/// <code>dotnet run -c Release --project tests/Benchmarks -- efficient-scaling [--out notebooks/data/11-attention-scaling.json] [--max-n 16384] [--repeats 3]</code>
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
        int maxN = int.Parse(Option(args, "--max-n") ?? "16384");
        int repeats = int.Parse(Option(args, "--repeats") ?? "3");
        var rows = new List<object>();
        for (int n = 256; n <= maxN; n *= 2)
        {
            var queries = Matrix.RandomNormal(n, DK, seed: 1);
            var keys = Matrix.RandomNormal(n, DK, seed: 2);
            var values = Matrix.RandomNormal(n, DK, seed: 3);
            var methods = Methods(n);
            var best = new double[methods.Length];
            var allocated = new long[methods.Length];
            Array.Fill(best, double.MaxValue);
            foreach (var method in methods) method.Run(queries, keys, values);      // warm-up: JIT, pools
            for (int rep = 0; rep < repeats; rep++)
                for (int i = 0; i < methods.Length; i++)
                {
                    GC.Collect();
                    long before = GC.GetTotalAllocatedBytes(precise: true);
                    var watch = Stopwatch.StartNew();
                    GC.KeepAlive(methods[i].Run(queries, keys, values));
                    double ms = watch.Elapsed.TotalMilliseconds;
                    allocated[i] = GC.GetTotalAllocatedBytes(precise: true) - before;
                    best[i] = Math.Min(best[i], ms);
                }
            for (int i = 0; i < methods.Length; i++)
            {
                Console.WriteLine($"n = {n,6}  {methods[i].Name,-38} {best[i],10:F2} ms  {allocated[i] / 1048576.0,10:F2} MiB");
                rows.Add(new { method = methods[i].Name, n, milliseconds = Math.Round(best[i], 3), allocatedBytes = allocated[i] });
            }
        }
        var document = new
        {
            command = Command,
            measured = DateTime.UtcNow.ToString("yyyy-MM-dd"),
            machine = $"{RuntimeInformation.OSArchitecture}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}",
            note = $"self-attention, Dk = Dv = {DK}, best of {repeats} interleaved repetitions, allocated bytes of one call (all threads)",
            results = rows,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.WriteLine($"wrote {output}");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
