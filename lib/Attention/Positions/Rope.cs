namespace Attention;

/// <summary>
/// Rotary position embedding, RoPE (Su et al., 2021): instead of adding a position vector, rotate each query and key
/// so that their dot product depends only on how far apart they are.
/// </summary>
/// <remarks>
/// Pairing convention: the <b>interleaved</b> pairs (2i, 2i+1) of a row are rotated together, as in the RoFormer
/// paper and GPT-J. (Llama's Hugging Face code pairs column i with column i + Dk/2 instead; the two differ by a fixed
/// permutation of the columns.) Pair i at position p turns by the angle θ = p · base^(−2i/Dk):
/// <c>x'[2i] = x[2i]·cos θ − x[2i+1]·sin θ</c>, <c>x'[2i+1] = x[2i]·sin θ + x[2i+1]·cos θ</c>.
/// Apply it to queries and keys (per head, after the projections), never to values.
/// </remarks>
public static class Rope
{
    /// <summary>
    /// Rotates each row t of <paramref name="x"/> by the angles of position <paramref name="startPosition"/> + t,
    /// as a new matrix. Rotations keep each pair's length, so every row keeps its norm. Shape: (T, Dk).
    /// </summary>
    /// <param name="x">Queries or keys of one head, one row per position; Dk must be even. Shape: (T, Dk).</param>
    /// <param name="startPosition">The position of row 0, e.g. the number of cached tokens when decoding; at least 0. Shape: scalar.</param>
    /// <param name="base">The wavelength scale; 10000 in the paper. Shape: scalar.</param>
    public static Matrix Apply(Matrix x, int startPosition = 0, float @base = 10000f)
    {
        ThrowIfBadArguments(x, startPosition, @base);
        var output = new Matrix(x.Rows, x.Cols);
        ApplyKernel(x, startPosition, @base, output);
        return output;
    }

    /// <summary>Rotates each row as <see cref="Apply(Matrix, int, float)"/> does, writing into <paramref name="destination"/>.</summary>
    /// <param name="x">Queries or keys of one head, one row per position; Dk must be even. Shape: (T, Dk).</param>
    /// <param name="startPosition">The position of row 0; at least 0. Shape: scalar.</param>
    /// <param name="base">The wavelength scale; 10000 in the paper. Shape: scalar.</param>
    /// <param name="destination">Receives the result; may be <paramref name="x"/> itself. Shape: (T, Dk).</param>
    public static void Apply(Matrix x, int startPosition, float @base, Matrix destination)
    {
        ThrowIfBadArguments(x, startPosition, @base);
        ThrowHelper.ThrowIfShapesDiffer(x, destination, nameof(x), nameof(destination));
        ApplyKernel(x, startPosition, @base, destination);
    }

    private static void ThrowIfBadArguments(Matrix x, int startPosition, float @base)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Cols % 2 != 0)
            throw new ArgumentException($"x is {x.ShapeString} but RoPE rotates column pairs, so dK must be even.", nameof(x));
        if (startPosition < 0)
            throw new ArgumentOutOfRangeException(nameof(startPosition), startPosition, $"startPosition must be at least 0 but is {startPosition}.");
        if (!(@base > 1f) || float.IsInfinity(@base))
            throw new ArgumentOutOfRangeException(nameof(@base), @base, $"base must be a finite number greater than 1 but is {@base}.");
    }

    private static void ApplyKernel(Matrix x, int startPosition, float @base, Matrix destination)
    {
        int dK = x.Cols;
        for (int i = 0; 2 * i < dK; i++)
        {
            double frequency = Math.Pow(@base, -2.0 * i / dK);
            for (int t = 0; t < x.Rows; t++)
            {
                var (sin, cos) = Math.SinCos(((double)startPosition + t) * frequency); // in double: startPosition + t may pass int.MaxValue
                int at = t * dK + 2 * i;
                float even = x.Data[at], odd = x.Data[at + 1];
                destination.Data[at] = (float)(even * cos - odd * sin);
                destination.Data[at + 1] = (float)(even * sin + odd * cos);
            }
        }
    }
}
