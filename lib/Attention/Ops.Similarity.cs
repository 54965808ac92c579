using System.Numerics.Tensors;

namespace Attention;

public static partial class Ops
{
    /// <summary>
    /// The smallest norm product cosine similarity divides by, as in <c>torch.nn.functional.cosine_similarity</c>:
    /// a zero vector has similarity 0 to everything instead of NaN.
    /// </summary>
    public const float CosineEpsilon = 1e-8f;

    /// <summary>
    /// Cosine similarity a·b / (‖a‖·‖b‖): 1 for vectors pointing the same way, 0 for orthogonal ones, −1 for opposite
    /// ones. The denominator is at least <see cref="CosineEpsilon"/>.
    /// </summary>
    /// <param name="a">First vector. Shape: (D).</param>
    /// <param name="b">Second vector. Shape: (D).</param>
    public static float CosineSimilarity(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"b has length {b.Length} but a has length {a.Length}; they must have the same length.", nameof(b));
        if (a.IsEmpty)
            throw new ArgumentException("a and b are empty; cosine similarity needs at least one element.", nameof(a));
        return CosineKernel(a, b, TensorPrimitives.Norm(a), TensorPrimitives.Norm(b));
    }

    /// <summary>
    /// Cosine similarity between every pair of rows: entry (i, j) compares row i with row j. Symmetric, with 1 on the
    /// diagonal (0 for an all-zero row). Shape: (N, N).
    /// </summary>
    /// <param name="x">N vectors of width D, e.g. an embedding table. Shape: (N, D).</param>
    public static Matrix CosineSimilarity(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        int n = x.Rows;
        var norms = new float[n];
        for (int i = 0; i < n; i++) norms[i] = TensorPrimitives.Norm(x.Row(i));
        var similarity = new Matrix(n, n);
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++)
            {
                float value = CosineKernel(x.Row(i), x.Row(j), norms[i], norms[j]);
                similarity.Data[i * n + j] = value;
                similarity.Data[j * n + i] = value;
            }
        return similarity;
    }

    private static float CosineKernel(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float normA, float normB) =>
        TensorPrimitives.Dot(a, b) / MathF.Max(normA * normB, CosineEpsilon);
}
