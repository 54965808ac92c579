using Attention;
using static Attention.Tests.EfficientTestSupport;

namespace Attention.Tests;

public class EfficientPerformerTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Random_features_give_an_unbiased_estimate_of_the_softmax_kernel(bool orthogonal)
    {
        // exp(q·k/√Dk) against the average of φ(q)·φ(k) over 2000 seeds, within four standard errors
        var query = Matrix.FromRows([0.9f, -0.4f, 0.3f, 0.6f, -0.2f, 0.1f, 0.5f, -0.7f]);
        var key = Matrix.FromRows([0.5f, 0.2f, -0.6f, 0.8f, 0.1f, -0.3f, 0.4f, 0.2f]);
        double exact = Math.Exp(Naive.MatMulTransposed(query, key)[0, 0] / Math.Sqrt(8));

        double[] estimates = [.. Enumerable.Range(0, 2000).Select(seed =>
        {
            var features = Performer.RandomFeatures(8, 8, seed, orthogonal);
            return (double)Ops.MatMulTransposed(Performer.FeatureMap(query, features), Performer.FeatureMap(key, features))[0, 0];
        })];

        double mean = estimates.Average();
        double standardError = Math.Sqrt(estimates.Average(e => (e - mean) * (e - mean)) / estimates.Length);
        Assert.True(Math.Abs(mean - exact) < 4 * standardError, $"mean {mean:F4} vs exact {exact:F4}, standard error {standardError:F4}");
        Assert.True(Math.Abs(mean - exact) < 0.03 * exact, $"mean {mean:F4} vs exact {exact:F4}");
    }

    [Fact]
    public void Attention_error_falls_roughly_like_one_over_the_square_root_of_the_number_of_features()
    {
        var queries = TestData.Random(64, 16, 1);
        var keys = TestData.Random(64, 16, 2);
        var values = TestData.Random(64, 8, 3);
        var exact = DenseReference(queries, keys, values);
        int[] featureCounts = [16, 64, 256, 1024];

        double[] errors = [.. featureCounts.Select(m => Enumerable.Range(0, 12).Average(seed =>
            MeanAbsError(exact, Performer.Attention(queries, keys, values, Performer.RandomFeatures(m, 16, seed)))))];

        // least-squares slope of log(error) against log(m); 1/√m is a slope of −0.5
        double[] x = [.. featureCounts.Select(m => Math.Log(m))], y = [.. errors.Select(e => Math.Log(e))];
        double xMean = x.Average(), yMean = y.Average();
        double slope = x.Zip(y).Sum(p => (p.First - xMean) * (p.Second - yMean)) / x.Sum(v => (v - xMean) * (v - xMean));
        Assert.InRange(slope, -0.7, -0.35);
        for (int i = 1; i < errors.Length; i++) Assert.True(errors[i] < errors[i - 1], $"error rose from m = {featureCounts[i - 1]} to {featureCounts[i]}");
    }

    [Fact]
    public void Causal_prefix_sums_equal_the_approximate_weights_under_a_causal_mask()
    {
        var queries = TestData.Random(30, 8, 4);
        var keys = TestData.Random(40, 8, 5);
        var values = TestData.Random(40, 6, 6);
        var features = Performer.RandomFeatures(32, 8, seed: 7);

        var causal = Performer.Attention(queries, keys, values, features, causal: true);
        var masked = Ops.MatMul(Performer.ApproximateWeights(queries, keys, features, Mask.Causal(30, 40)), values);  // (T,S) x (S,Dv)

        TestData.AssertClose(masked, causal, 1e-5f);
        var bidirectional = Ops.MatMul(Performer.ApproximateWeights(queries, keys, features), values);
        TestData.AssertClose(bidirectional, Performer.Attention(queries, keys, values, features), 1e-5f);
        Assert.True(causal.MaxAbsDifference(bidirectional) > 1e-2f, "the causal form should differ from the bidirectional one");
    }

    [Fact]
    public void Orthogonal_features_are_orthogonal_within_each_block_of_dK_rows()
    {
        var features = Performer.RandomFeatures(20, 8, seed: 3);   // blocks [0,8), [8,16), [16,20)
        for (int i = 0; i < 20; i++)
            for (int j = i + 1; j < 20 && j / 8 == i / 8; j++)
            {
                float cosine = System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(features.Row(i), features.Row(j));
                Assert.True(MathF.Abs(cosine) < 1e-5f, $"rows {i} and {j}: cosine {cosine}");
            }
    }

    [Fact]
    public void Large_inputs_stay_finite_because_the_exponents_are_shifted()
    {
        var queries = TestData.Random(16, 8, 1) * 30f;
        var keys = TestData.Random(16, 8, 2) * 30f;
        var output = Performer.Attention(queries, keys, TestData.Random(16, 4, 3), Performer.RandomFeatures(64, 8, seed: 1));
        Assert.All(output.Data, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Cost_is_linear_in_n_and_allocates_what_it_counts()
    {
        var cost = Performer.Cost(100, 80, 16, 8, numFeatures: 32);
        Assert.Equal(2L * 180 * 32 * 16 + 2L * 180 * 32 * 9, cost.Flops);
        Assert.Equal(180 * 32 + 32 * 9, cost.WorkingFloats);

        var queries = TestData.Random(100, 16, 1);
        var keys = TestData.Random(80, 16, 2);
        var values = TestData.Random(80, 8, 3);
        var features = Performer.RandomFeatures(32, 16, seed: 4);
        var output = Performer.Attention(queries, keys, values, features);
        AssertAllocationMatchesCost(cost, output, () => Performer.Attention(queries, keys, values, features));
        Assert.Throws<ArgumentException>(() => Performer.Attention(queries, keys, values, Performer.RandomFeatures(32, 8, seed: 4)));
    }
}
