using Attention;
using BenchmarkDotNet.Attributes;

namespace Benchmarks;

/// <summary>
/// Self-attention over T tokens with Dk = Dv = 64: the fast <see cref="Ops.ScaledDotProductAttention"/> against the
/// scalar <see cref="Naive.ScaledDotProductAttention"/>. The fast one is the fused kernel: blocks of queries against
/// blocks of keys on the GEMM register tile with an online softmax, no (T, S) matrix; the result's Weights and Scores
/// are built only when read, and this benchmark never reads them. (The dense path that builds both (T, S) matrices is
/// <see cref="Ops.ScaledDotProductAttentionDense"/>; docs/benchmarks.md's attention runs of 2026-11-22 measured it.)
/// The two products cost 4·T²·Dk floating-point operations.
/// </summary>
[MemoryDiagnoser]
public class AttentionBenchmarks
{
    private Matrix _queries = null!, _keys = null!, _values = null!;

    [Params(128, 512)]
    public int SeqLen { get; set; }

    public const int DK = 64;

    [GlobalSetup]
    public void Setup()
    {
        _queries = Matrix.RandomNormal(SeqLen, DK, seed: 1);
        _keys = Matrix.RandomNormal(SeqLen, DK, seed: 2);
        _values = Matrix.RandomNormal(SeqLen, DK, seed: 3);
    }

    [Benchmark(Baseline = true, Description = "Ops.ScaledDotProductAttention")]
    public AttentionResult Fast() => Ops.ScaledDotProductAttention(_queries, _keys, _values);

    [Benchmark(Description = "Naive.ScaledDotProductAttention")]
    public AttentionResult Naive_() => Naive.ScaledDotProductAttention(_queries, _keys, _values);
}
