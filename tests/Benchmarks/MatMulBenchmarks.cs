using System.Numerics.Tensors;
using Attention;
using BenchmarkDotNet.Attributes;

namespace Benchmarks;

/// <summary>
/// (N,N) x (N,N) products three ways: the packed register-tiled kernel behind <see cref="Ops.MatMul(Matrix, Matrix, Matrix)"/>,
/// the scalar <see cref="Naive.MatMul"/>, and the common first attempt of one <see cref="TensorPrimitives.Dot"/> per output
/// (against a pre-transposed b, so each dot reads two contiguous rows). Each does 2·N³ floating-point operations.
/// </summary>
[MemoryDiagnoser]
public class MatMulBenchmarks
{
    private Matrix _a = null!, _b = null!, _bTransposed = null!, _destination = null!;

    [Params(64, 256, 512)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _a = Matrix.RandomUniform(N, N, seed: 1);
        _b = Matrix.RandomUniform(N, N, seed: 2);
        _bTransposed = _b.Transpose();
        _destination = new Matrix(N, N);
    }

    [Benchmark(Baseline = true, Description = "Ops.MatMul (packed GEMM)")]
    public Matrix Fast()
    {
        Ops.MatMul(_a, _b, _destination);
        return _destination;
    }

    [Benchmark(Description = "TensorPrimitives.Dot per output")]
    public Matrix DotPerOutput()
    {
        for (int i = 0; i < N; i++)
        {
            ReadOnlySpan<float> row = _a.Row(i);
            Span<float> output = _destination.Row(i);
            for (int j = 0; j < N; j++) output[j] = TensorPrimitives.Dot(row, _bTransposed.Row(j));
        }
        return _destination;
    }

    [Benchmark(Description = "Naive.MatMul (scalar loops)")]
    public Matrix Naive_() => Naive.MatMul(_a, _b);
}
