using System.Numerics.Tensors;

namespace Attention;

/// <summary>
/// Backpropagation, one concept a file: each training forward (<c>…Forward</c>) sits beside its backward
/// (<c>…Backward</c>). A forward returns a trace of what its backward needs; a backward takes that trace and the
/// upstream gradient dL/d(output), returns dL/d(input), and <b>adds</b> parameter gradients into a <see cref="Gradients"/>.
/// </summary>
public static partial class Backprop
{
    /// <summary>
    /// Backward of y = a·b: dA = dY·bᵀ and dB = aᵀ·dY. Each input's gradient has its shape, and each is one product.
    /// </summary>
    /// <param name="a">Left factor of the forward. Shape: (M, K).</param>
    /// <param name="b">Right factor of the forward. Shape: (K, N).</param>
    /// <param name="dOutput">dL/dy. Shape: (M, N).</param>
    /// <returns>(dA (M, K), dB (K, N)).</returns>
    public static (Matrix DA, Matrix DB) MatMulBackward(Matrix a, Matrix b, Matrix dOutput)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ThrowIfGradientShape(dOutput, a.Rows, b.Cols, "a·b");
        // (M,N) x (K,N)^T -> (M,K)
        var dA = Ops.MatMulTransposed(dOutput, b);
        // (K,M) x (M,N) -> (K,N)
        var dB = Ops.MatMul(a.Transpose(), dOutput);
        return (dA, dB);
    }

    /// <summary>Backward of y = a·bᵀ (the score product Q·Kᵀ): dA = dY·b and dB = dYᵀ·a.</summary>
    /// <param name="a">Left factor of the forward. Shape: (M, K).</param>
    /// <param name="b">Right factor, used transposed. Shape: (N, K).</param>
    /// <param name="dOutput">dL/dy. Shape: (M, N).</param>
    /// <returns>(dA (M, K), dB (N, K)).</returns>
    public static (Matrix DA, Matrix DB) MatMulTransposedBackward(Matrix a, Matrix b, Matrix dOutput)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ThrowIfGradientShape(dOutput, a.Rows, b.Rows, "a·bᵀ");
        // (M,N) x (N,K) -> (M,K)
        var dA = Ops.MatMul(dOutput, b);
        // (N,M) x (M,K) -> (N,K)
        var dB = Ops.MatMul(dOutput.Transpose(), a);
        return (dA, dB);
    }

    private static void ThrowIfGradientShape(Matrix dOutput, int rows, int cols, string what)
    {
        ArgumentNullException.ThrowIfNull(dOutput);
        if (dOutput.Rows != rows || dOutput.Cols != cols)
            throw new ArgumentException($"dOutput is {dOutput.ShapeString} but the output of {what} is ({rows}, {cols}); the upstream gradient has the output's shape.", nameof(dOutput));
    }

    /// <summary>target += source, element-wise.</summary>
    private static void AddInto(Span<float> target, ReadOnlySpan<float> source) => TensorPrimitives.Add(target, source, target);

    private static void Scale(Matrix m, float factor) => TensorPrimitives.Multiply(m.Data, factor, m.Data);
}
