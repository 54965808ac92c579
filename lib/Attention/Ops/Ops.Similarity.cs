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
        double dot = 0;
        for (int i = 0; i < a.Length; i++) dot += (double)a[i] * b[i];
        return (float)(dot / (ClampedNorm(a) * ClampedNorm(b)));
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
        Shapes.ElementCount(x.Rows, x.Rows, nameof(x), $"similarity matrix of x {x.ShapeString}");
        var unit = new Matrix(x.Rows, x.Cols);
        for (int i = 0; i < x.Rows; i++)
        {
            ReadOnlySpan<float> source = x.Row(i);
            double norm = ClampedNorm(source);
            Span<float> row = unit.Row(i);
            for (int j = 0; j < row.Length; j++) row[j] = (float)(source[j] / norm);
        }
        // (N,D) x (N,D)^T -> (N,N)
        var similarity = MatMulTransposed(unit, unit);
        int n = x.Rows;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) similarity.Data[i * n + j] = similarity.Data[j * n + i];
        return similarity;
    }

    /// <summary>
    /// max(‖v‖, ε), with the sum of squares in double: there the squares of finite floats (up to float.MaxValue ≈ 3.4e38)
    /// neither overflow nor (down to 1e-38) underflow, where in float a vector near 1e20 would have norm ∞.
    /// </summary>
    private static double ClampedNorm(ReadOnlySpan<float> vector)
    {
        double sumOfSquares = 0;
        foreach (float value in vector) sumOfSquares += (double)value * value;
        return Math.Max(Math.Sqrt(sumOfSquares), CosineEpsilon);
    }
}
