namespace Attention.Tests;

public class CosineSimilarityTests
{
    private static double NaiveCosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
        return dot / (Math.Max(Math.Sqrt(na), 1e-8) * Math.Max(Math.Sqrt(nb), 1e-8));
    }

    [Fact]
    public void Hand_worked_pairs_give_1_0_minus_1_and_a_45_degree_cosine()
    {
        Assert.Equal(1f, Ops.CosineSimilarity([3f, 4f], [6f, 8f]), 1e-6f);
        Assert.Equal(0f, Ops.CosineSimilarity([1f, 0f], [0f, 5f]), 1e-6f);
        Assert.Equal(-1f, Ops.CosineSimilarity([1f, 2f, 3f], [-2f, -4f, -6f]), 1e-6f);
        Assert.Equal(1 / MathF.Sqrt(2), Ops.CosineSimilarity([1f, 0f], [1f, 1f]), 1e-6f);
        Assert.Equal(11f / (5 * MathF.Sqrt(5)), Ops.CosineSimilarity([1f, 2f], [3f, 4f]), 1e-6f); // (3+8)/(√5·5)
    }

    [Fact]
    public void A_zero_vector_has_similarity_0_instead_of_NaN_like_torch()
    {
        Assert.Equal(0f, Ops.CosineSimilarity([0f, 0f], [1f, 2f]));
        Assert.Equal(0f, Ops.CosineSimilarity([0f, 0f], [0f, 0f]));
    }

    [Fact]
    public void Each_norm_is_clamped_separately_like_torch_2()
    {
        // ‖a‖ = 1e-9 is clamped to 1e-8 and ‖b‖ = 1 is not: 1e-9 / (1e-8 · 1) = 0.1.
        Assert.Equal(0.1f, Ops.CosineSimilarity([1e-9f, 0f], [1f, 0f]), 1e-6f);
        Assert.Equal(0.1f, Ops.CosineSimilarity(Matrix.FromRows([1e-9f, 0f], [1f, 0f]))[0, 1], 1e-6f);
    }

    [Fact]
    public void Matrix_form_agrees_with_the_span_form()
    {
        var x = Matrix.RandomNormal(40, 24, seed: 8);
        var similarity = Ops.CosineSimilarity(x);
        for (int i = 0; i < 40; i++)
            for (int j = 0; j < 40; j++)
                Assert.Equal(Ops.CosineSimilarity(x.Row(i), x.Row(j)), similarity[i, j], 1e-5f);
    }

    [Fact]
    public void NaN_propagates()
    {
        Assert.True(float.IsNaN(Ops.CosineSimilarity([float.NaN, 1f], [1f, 2f])));
    }

    [Fact]
    public void Matrix_form_matches_a_naive_double_reference_for_every_pair_and_is_symmetric()
    {
        var x = Matrix.RandomNormal(17, 33, seed: 5);
        x.Row(4).Clear();
        var similarity = Ops.CosineSimilarity(x);
        Assert.Equal((17, 17), similarity.Shape);
        for (int i = 0; i < 17; i++)
            for (int j = 0; j < 17; j++)
            {
                Assert.Equal(NaiveCosine(x.Row(i), x.Row(j)), similarity[i, j], 1e-5);
                Assert.Equal(similarity[i, j], similarity[j, i]);
            }
        Assert.Equal(0f, similarity[4, 4]);
        Assert.Equal(1f, similarity[0, 0], 1e-6f);
    }

    [Fact]
    public void Bad_input_throws_naming_the_parameter_and_lengths()
    {
        var error = Assert.Throws<ArgumentException>(() => Ops.CosineSimilarity([1f, 2f], [1f, 2f, 3f]));
        Assert.Equal("b", error.ParamName);
        Assert.Contains("b has length 3 but a has length 2", error.Message);
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => Ops.CosineSimilarity(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => Ops.CosineSimilarity(null!)).ParamName);
    }
}
