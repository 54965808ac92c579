// Runs one benchmark case per line read from stdin and answers "<milliseconds> <extra bytes> <CPU milliseconds>" on stdout.
// tools/peer/peer.py starts this process once (DOTNET_PROCESSOR_COUNT sets our thread count) and interleaves its
// requests with PyTorch runs of the same shapes. Extra bytes: managed bytes allocated during the call (the pooled
// buffers included on a case's first call) and the growth of the peak working set, whichever is larger. CPU milliseconds:
// the process's CPU time during the call (all threads), which a shared machine's time-slicing does not inflate.
using System.Diagnostics;
using Attention;

var cases = new Dictionary<string, Func<Action>>
{
    ["gemm512"] = () => Gemm(512),
    ["gemm1024"] = () => Gemm(1024),
    ["attention8x1024"] = () => Heads(8, 1024, 64, causal: false),
    ["attention8x1024causal"] = () => Heads(8, 1024, 64, causal: true),
    ["mha512x8x1024"] = () => MultiHead(1, 1024),
    ["attention8x4096"] = () => Heads(8, 4096, 64, causal: false),
    ["mhaBatch8x512"] = () => MultiHead(8, 512),
    ["causal65536"] = () => Streaming(65536, 64),
    ["trainInduction10"] = () => TrainSteps(10),
    ["trainInductionToLoss"] = TrainToLoss,
};
var prepared = new Dictionary<string, Action>();
Console.Out.Flush();
string? line;
while ((line = Console.ReadLine()) is not null)
{
    string name = line.Trim();
    if (name.Length == 0) continue;
    if (!cases.TryGetValue(name, out var make)) { Console.WriteLine($"error unknown case {name}"); continue; }
    if (!prepared.TryGetValue(name, out var run)) prepared[name] = run = make();
    GC.Collect();
    GC.WaitForPendingFinalizers();
    using var process = Process.GetCurrentProcess();
    long peakBefore = process.PeakWorkingSet64, workingBefore = process.WorkingSet64;
    long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var cpuBefore = process.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    run();
    watch.Stop();
    long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    process.Refresh();
    double cpuMilliseconds = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
    long peakGrowth = Math.Max(0, process.PeakWorkingSet64 - Math.Max(peakBefore, workingBefore));
    Console.WriteLine($"{watch.Elapsed.TotalMilliseconds:F3} {Math.Max(allocated, peakGrowth)} {cpuMilliseconds:F3}");
}

static Action Gemm(int n)
{
    var a = Matrix.RandomUniform(n, n, 1);
    var b = Matrix.RandomUniform(n, n, 2);
    var c = new Matrix(n, n);
    return () => Ops.MatMul(a, b, c); // (N,N) x (N,N) -> (N,N)
}

static Action Heads(int heads, int seqLen, int dK, bool causal)
{
    var q = Enumerable.Range(0, heads).Select(h => Matrix.RandomNormal(seqLen, dK, 10 + h)).ToArray();
    var k = Enumerable.Range(0, heads).Select(h => Matrix.RandomNormal(seqLen, dK, 30 + h)).ToArray();
    var v = Enumerable.Range(0, heads).Select(h => Matrix.RandomNormal(seqLen, dK, 50 + h)).ToArray();
    Mask? mask = causal ? Mask.Causal(seqLen) : null;
    return () =>
    {
        for (int h = 0; h < heads; h++) GC.KeepAlive(Ops.ScaledDotProductAttention(q[h], k[h], v[h], mask).Output);
    };
}

// Self-attention of nn.MultiheadAttention's shape (D 512, 8 heads). One sequence goes through Forward(Matrix); a batch
// through the batched Forward(Tensor3), which projects every sequence and then runs all B·H (sequence, head) pairs in
// one parallel sweep: the path a (B, T, D) batch takes here, as PyTorch's side takes its (B, T, D) tensor in one call.
static Action MultiHead(int batch, int seqLen)
{
    var layer = new MultiHeadAttention(512, 8, seed: 3);
    var x = new Tensor3([.. Enumerable.Range(0, batch).Select(b => Matrix.RandomNormal(seqLen, 512, 70 + b))]);   // (B, T, D)
    if (batch == 1) return () => GC.KeepAlive(layer.Forward(x[0]).Output);
    return () =>
    {
        foreach (var result in layer.Forward(x)) GC.KeepAlive(result.Output);
    };
}

static Action Streaming(int seqLen, int dK)
{
    var q = Matrix.RandomNormal(seqLen, dK, 90);
    var k = Matrix.RandomNormal(seqLen, dK, 91);
    var v = Matrix.RandomNormal(seqLen, dK, 92);
    return () => GC.KeepAlive(Ops.CausalAttention(q, k, v).Output);
}

// Ten AdamW steps (batch 16) of chapter 13's two-layer induction model on its training set: the per-step cost.
static Action TrainSteps(int steps)
{
    var recipe = ShippedModels.InductionTwoLayer;
    var model = new TinyGpt(recipe.Config);
    var examples = recipe.TrainingSet();
    var options = recipe.Options with { Steps = steps };
    return () => model.Train(examples, options);
}

// The full recipe from a fresh model, timed until the mean loss of the last 20 steps first falls below 0.1 (peer.py's
// TRAIN_LOSS_TARGET); the rest of the run is cut off there. The step goes to stderr.
static Action TrainToLoss()
{
    const float target = 0.1f;
    var recipe = ShippedModels.InductionTwoLayer;
    var examples = recipe.TrainingSet();
    return () =>
    {
        var model = new TinyGpt(recipe.Config);
        var recent = new Queue<float>();
        try
        {
            model.Train(examples, recipe.Options, p =>
            {
                recent.Enqueue(p.Loss);
                if (recent.Count > 20) recent.Dequeue();
                if (recent.Count == 20 && recent.Average() < target)
                {
                    Console.Error.WriteLine($"  ours: mean loss of 20 steps below {target} at step {p.Step}");
                    throw new OperationCanceledException();
                }
            });
            Console.Error.WriteLine($"  ours: never below {target} in {recipe.Options.Steps} steps");
        }
        catch (OperationCanceledException)
        {
        }
    };
}
