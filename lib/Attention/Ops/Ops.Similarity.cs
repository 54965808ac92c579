using System.Numerics.Tensors;

namespace Attention;

public static partial class Ops
{
    /// <summary>
    /// The smallest norm cosine similarity divides by, as in <c>torch.nn.functional.cosine_similarity</c>
    /// (x·y / (max(‖x‖, ε)·max(‖y‖, ε))): a zero vector has similarity 0 to everything instead of NaN.
    /// </summary>
    public const float CosineEpsilon = 1e-8f;

    /// <summary>
    /// Cosine similarity a·b / (‖a‖·‖b‖): 1 for vectors pointing the same way, 0 for orthogonal ones, −1 for opposite
    /// ones. Each norm is taken as at least <see cref="CosineEpsilon"/>.
    /// </summary>
    /// <param name="a">First vector. Shape: (D).</param>
    /// <param name="b">Second vector. Shape: (D).</param>
    public static float CosineSimilarity(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"b has length {b.Length} but a has length {a.Length}; they must have the same length.", nameof(b));
        if (a.IsEmpty)
            throw new ArgumentException("a and b are empty; cosine similarity needs at least one element.", nameof(a));
        return TensorPrimitives.Dot(a, b) / (ClampedNorm(a) * ClampedNorm(b));
    }

    /// <summary>
    /// Cosine similarity between every pair of rows: entry (i, j) compares row i with row j. Symmetric, with 1 on the
    /// diagonal (0 for an all-zero row). Computed as one product of the row-normalised matrix with its transpose.
    /// Shape: (N, N).
    /// </summary>
    /// <param name="x">N vectors of width D, e.g. an embedding table. Shape: (N, D).</param>
    public static Matrix CosineSimilarity(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var unit = new Matrix(x.Rows, x.Cols);
        for (int i = 0; i < x.Rows; i++)
            TensorPrimitives.Multiply(x.Row(i), 1f / ClampedNorm(x.Row(i)), unit.Row(i));
        // (N,D) x (N,D)^T -> (N,N)
        var similarity = MatMulTransposed(unit, unit);
        int n = x.Rows;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) similarity.Data[i * n + j] = similarity.Data[j * n + i];
        return similarity;
    }

    private static float ClampedNorm(ReadOnlySpan<float> vector) => MathF.Max(TensorPrimitives.Norm(vector), CosineEpsilon);
}
