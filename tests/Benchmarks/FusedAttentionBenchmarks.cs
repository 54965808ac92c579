using Attention;
using BenchmarkDotNet.Attributes;

namespace Benchmarks;

/// <summary>
/// The fused, tiled attention kernel per case of issue 14: one head of T × T with Dk = 64 (4·T²·Dk flops; half when
/// causal, whose upper key blocks are skipped), against the dense path that materialises the (T, S) matrices.
/// Run: <c>dotnet run -c Release --project tests/Benchmarks -- --filter '*FusedAttention*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class FusedAttentionBenchmarks
{
    private Matrix _queries = null!, _keys = null!, _values = null!;
    private Mask _causal = null!;

    [Params(1024, 4096)]
    public int SeqLen { get; set; }

    public const int DK = 64;

    [GlobalSetup]
    public void Setup()
    {
        _queries = Matrix.RandomNormal(SeqLen, DK, seed: 1);
        _keys = Matrix.RandomNormal(SeqLen, DK, seed: 2);
        _values = Matrix.RandomNormal(SeqLen, DK, seed: 3);
        _causal = Mask.Causal(SeqLen);
    }

    [Benchmark(Baseline = true, Description = "fused")]
    public Matrix Fused() => Ops.ScaledDotProductAttention(_queries, _keys, _values).Output;

    [Benchmark(Description = "fused, causal mask")]
    public Matrix FusedCausal() => Ops.ScaledDotProductAttention(_queries, _keys, _values, _causal).Output;

    [Benchmark(Description = "CausalAttention (no mask)")]
    public Matrix Causal() => Ops.CausalAttention(_queries, _keys, _values).Output;

    [Benchmark(Description = "dense")]
    public Matrix Dense() => Ops.ScaledDotProductAttentionDense(_queries, _keys, _values).Output;
}

/// <summary>Multi-head attention D 512, H 8: one sequence of 1024 and a batch of 8 × 512 (heads and sequences in parallel).</summary>
[MemoryDiagnoser]
public class MultiHeadAttentionBenchmarks
{
    private readonly MultiHeadAttention _layer = new(512, 8, seed: 1);
    private Matrix _sequence = null!;
    private Tensor3 _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sequence = Matrix.RandomNormal(1024, 512, seed: 2);
        _batch = new Tensor3([.. Enumerable.Range(0, 8).Select(b => Matrix.RandomNormal(512, 512, seed: 3 + b))]);
    }

    [Benchmark(Description = "MHA D512 H8 T1024")]
    public Matrix Sequence() => _layer.Forward(_sequence).Output;

    [Benchmark(Description = "MHA D512 H8, batch 8 × T512")]
    public int Batch() => _layer.Forward(_batch).Count;
}
