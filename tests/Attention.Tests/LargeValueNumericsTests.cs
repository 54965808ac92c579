using Attention;

namespace Attention.Tests;

/// <summary>
/// LayerNorm and cosine similarity on finite inputs near 1e20 and up to float.MaxValue, where a float sum of squares
/// overflows to ∞ (1e20² = 1e40 &gt; 3.4e38): compared against a double-precision reference written here.
/// </summary>
public class LargeValueNumericsTests
{
    public static TheoryData<float[]> LargeRows => new()
    {
        new[] { 1e20f, 2e20f, 3e20f, 4e20f },
        new[] { -3e20f, 1e20f, 7e19f, 2.5e20f, -1e19f },
        new[] { float.MaxValue, -float.MaxValue, float.MaxValue, -float.MaxValue },
        new[] { float.MaxValue, float.MaxValue, float.MaxValue, 1e38f },
        new[] { 1e-30f, 2e-30f, 3e-30f, 4e-30f }, // tiny: ε dominates, the output is ~0
        new[] { 1f, 2f, 3f, 4f },
    };

    private static double[] LayerNormReference(float[] row, double epsilon)
    {
        double mean = row.Sum(v => (double)v) / row.Length;
        double variance = row.Sum(v => ((double)v - mean) * ((double)v - mean)) / row.Length;
        return row.Select(v => (v - mean) / Math.Sqrt(variance + epsilon)).ToArray();
    }

    [Theory]
    [MemberData(nameof(LargeRows))]
    public void LayerNorm_of_huge_finite_rows_matches_a_double_reference(float[] row)
    {
        var layerNorm = new LayerNorm(row.Length);
        var output = layerNorm.Forward(Matrix.FromRows(row));
        double[] expected = LayerNormReference(row, 1e-5);
        for (int i = 0; i < row.Length; i++)
        {
            Assert.True(float.IsFinite(output[0, i]), $"column {i} is {output[0, i]}");
            Assert.True(Math.Abs(output[0, i] - expected[i]) <= 1e-5 + 1e-5 * Math.Abs(expected[i]),
                $"column {i}: expected {expected[i]:R}, got {output[0, i]:R}");
        }
    }

    [Fact]
    public void LayerNorm_of_values_near_1e20_gives_the_same_as_the_same_row_near_1()
    {
        var layerNorm = new LayerNorm(4);
        var small = layerNorm.Forward(Matrix.FromRows([1f, 2f, 3f, 4f]));
        var large = layerNorm.Forward(Matrix.FromRows([1e20f, 2e20f, 3e20f, 4e20f]));
        TestData.AssertClose(small, large, 1e-5f); // ε/σ² is negligible in both
    }

    public static TheoryData<float[], float[]> LargePairs => new()
    {
        { new[] { 1e20f, 2e20f }, new[] { 3e20f, -1e20f } },
        { new[] { 1e20f, 2e20f, -3e20f }, new[] { 1e20f, 2e20f, -3e20f } },
        { new[] { float.MaxValue, float.MaxValue }, new[] { float.MaxValue, -float.MaxValue } },
        { new[] { float.MaxValue, 1f }, new[] { 1e38f, 1e38f } },
        { new[] { 3e19f, 4e19f }, new[] { 4f, 3f } },
    };

    private static double CosineReference(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        return dot / (Math.Max(Math.Sqrt(na), 1e-8) * Math.Max(Math.Sqrt(nb), 1e-8));
    }

    [Theory]
    [MemberData(nameof(LargePairs))]
    public void Cosine_similarity_of_huge_finite_vectors_matches_a_double_reference(float[] a, float[] b)
    {
        double expected = CosineReference(a, b);
        Assert.Equal(expected, Ops.CosineSimilarity(a, b), 1e-6);
        var pairwise = Ops.CosineSimilarity(Matrix.FromRows(a, b));
        Assert.Equal(expected, pairwise[0, 1], 1e-6);
        Assert.Equal(1.0, pairwise[0, 0], 1e-6);
        Assert.Equal(1.0, pairwise[1, 1], 1e-6);
    }
}
