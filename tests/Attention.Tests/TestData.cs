using Attention;

namespace Attention.Tests;

/// <summary>Seeded inputs and tolerance-aware assertions shared by the test files.</summary>
internal static class TestData
{
    /// <summary>Uniform values in [−1, 1) from a fixed seed.</summary>
    public static Matrix Random(int rows, int cols, int seed) => Matrix.RandomUniform(rows, cols, seed);

    public static float MaxAbs(Matrix m)
    {
        float max = 0f;
        foreach (float x in m.Data) max = Math.Max(max, Math.Abs(x));
        return max;
    }

    /// <summary>
    /// Tolerance of a float32 product against a double-precision reference: K · max|a| · max|b| · ε, with ε = 2⁻²³.
    /// The rounding bound of a length-K dot product is γ_K·Σ|aₖ||bₖ| ≈ K·u·Σ|aₖ||bₖ|, which for random-sign data is far
    /// below this; the bound scales with K and the data range, so it is neither loose for small products nor tight for large ones.
    /// </summary>
    public static float ProductTolerance(int k, Matrix a, Matrix b) => k * MaxAbs(a) * MaxAbs(b) * Epsilon;

    /// <summary>The float32 machine epsilon 2⁻²³ (distance from 1 to the next float).</summary>
    public const float Epsilon = 1f / (1 << 23);

    public static void AssertClose(Matrix expected, Matrix actual, float tolerance, string what = "")
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (int r = 0; r < expected.Rows; r++)
            for (int c = 0; c < expected.Cols; c++)
            {
                float e = expected[r, c], a = actual[r, c];
                if (float.IsNaN(e) || float.IsInfinity(e))
                {
                    Assert.True(e.Equals(a), $"{what} at ({r}, {c}): expected {e}, got {a}");
                    continue;
                }
                Assert.True(Math.Abs(e - a) <= tolerance,
                    $"{what} at ({r}, {c}) of {expected.ShapeString}: expected {e:R}, got {a:R}, difference {Math.Abs(e - a):E3} > tolerance {tolerance:E3}");
            }
    }

    public static void AssertClose(float[] expected, ReadOnlySpan<float> actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance,
                $"at {i}: expected {expected[i]:R}, got {actual[i]:R}, difference {Math.Abs(expected[i] - actual[i]):E3} > tolerance {tolerance:E3}");
    }

    /// <summary>Asserts that the exception message mentions every given fragment (parameter names, shapes).</summary>
    public static void AssertMessageContains(Exception exception, params string[] fragments)
    {
        foreach (string fragment in fragments)
            Assert.True(exception.Message.Contains(fragment, StringComparison.Ordinal),
                $"expected the message to contain \"{fragment}\" but it is: {exception.Message}");
    }

    /// <summary>A copy of m with its rows reordered: row i of the result is row permutation[i] of m.</summary>
    public static Matrix PermuteRows(Matrix m, int[] permutation)
    {
        var result = new Matrix(m.Rows, m.Cols);
        for (int i = 0; i < permutation.Length; i++) m.Row(permutation[i]).CopyTo(result.Row(i));
        return result;
    }

    public static int[] RandomPermutation(int n, int seed)
    {
        var permutation = Enumerable.Range(0, n).ToArray();
        new System.Random(seed).Shuffle(permutation);
        return permutation;
    }
}
