using Attention;

namespace Attention.Tests;

public class SoftmaxTests
{
    // softmax([1, 2, 3]) = [e¹, e², e³] / (e¹ + e² + e³) = [0.0900306, 0.2447285, 0.6652410]
    private static readonly float[] SoftmaxOf123 = [0.09003057f, 0.24472847f, 0.66524096f];

    [Fact]
    public void Softmax_of_1_2_3_matches_the_values_worked_by_hand()
    {
        var weights = Ops.Softmax(Matrix.FromRows([1f, 2f, 3f]));

        TestData.AssertClose(SoftmaxOf123, weights.Row(0), 1e-7f);
    }

    [Fact]
    public void Softmax_at_temperature_2_equals_softmax_of_the_halved_logits()
    {
        // softmax([1, 2, 3] / 2) = softmax([0.5, 1, 1.5]) = [0.1863237, 0.3071959, 0.5064804]
        var weights = Ops.Softmax(Matrix.FromRows([1f, 2f, 3f]), temperature: 2f);

        TestData.AssertClose([0.18632372f, 0.30719589f, 0.50648039f], weights.Row(0), 1e-7f);
    }

    [Fact]
    public void Softmax_rows_sum_to_one_and_stay_finite_for_logits_of_1e4()
    {
        // A plain exp(1e4) overflows to ∞ and ∞/∞ = NaN; subtracting the row max gives exp(0) = 1 and exp(−2e4) = 0.
        var scores = Matrix.FromRows([1e4f, -1e4f, 0f], [1e4f, 1e4f, 1e4f], [-1e4f, -1e4f, -1e4f + 1f]);

        var weights = Ops.Softmax(scores);

        Assert.All(weights.Data, w => Assert.True(float.IsFinite(w)));
        TestData.AssertClose([1f, 0f, 0f], weights.Row(0), 0f);
        TestData.AssertClose([1f / 3, 1f / 3, 1f / 3], weights.Row(1), 1e-7f);
        // The last row is softmax([0, 0, 1]) = [1, 1, e] / (2 + e).
        float e = MathF.E;
        TestData.AssertClose([1 / (2 + e), 1 / (2 + e), e / (2 + e)], weights.Row(2), 1e-6f);
    }

    [Theory]
    [InlineData(1, 1, 1f)]
    [InlineData(3, 7, 1f)]
    [InlineData(16, 65, 0.5f)]
    [InlineData(5, 257, 3f)]
    public void Softmax_agrees_with_the_double_precision_naive_softmax(int rows, int cols, float temperature)
    {
        var scores = Matrix.RandomNormal(rows, cols, seed: rows * 100 + cols, std: 5f);

        var fast = Ops.Softmax(scores, temperature);

        // float exp is within ~2 ulp and the normalising sum adds ~cols·u relative error; probabilities are ≤ 1.
        TestData.AssertClose(Naive.Softmax(scores, temperature), fast, 1e-6f);
    }

    [Fact]
    public void Softmax_gives_negative_infinity_entries_exactly_zero_weight()
    {
        var weights = Ops.Softmax(Matrix.FromRows([1f, float.NegativeInfinity, 3f]));

        // softmax([1, 3]) = [1/(1 + e²), e²/(1 + e²)] = [0.1192029, 0.8807971]
        Assert.Equal(0f, weights[0, 1]);
        TestData.AssertClose([0.11920292f, 0f, 0.88079708f], weights.Row(0), 1e-7f);
    }

    [Fact]
    public void Softmax_of_a_row_that_is_all_negative_infinity_is_all_zeros()
    {
        var weights = Ops.Softmax(Matrix.FromRows([float.NegativeInfinity, float.NegativeInfinity], [0f, 0f]));

        Assert.Equal([0f, 0f], weights.Row(0).ToArray());
        Assert.Equal([0.5f, 0.5f], weights.Row(1).ToArray());
    }

    [Fact]
    public void A_NaN_logit_makes_its_whole_row_NaN_and_leaves_other_rows_alone()
    {
        var weights = Ops.Softmax(Matrix.FromRows([1f, float.NaN, 3f], [1f, 2f, 3f]));

        Assert.All(weights.Row(0).ToArray(), w => Assert.True(float.IsNaN(w)));
        TestData.AssertClose(SoftmaxOf123, weights.Row(1), 1e-7f);
    }

    [Fact]
    public void A_positive_infinity_logit_makes_its_whole_row_NaN()
    {
        // max = +∞, and ∞ − ∞ = NaN: the row is undefined rather than silently one-hot.
        var weights = Ops.Softmax(Matrix.FromRows([1f, float.PositiveInfinity, 3f]));

        Assert.All(weights.Row(0).ToArray(), w => Assert.True(float.IsNaN(w)));
        Assert.All(Naive.Softmax(Matrix.FromRows([1f, float.PositiveInfinity, 3f])).Data, w => Assert.True(float.IsNaN(w)));
    }

    [Fact]
    public void Masked_softmax_renormalises_over_the_allowed_entries_only()
    {
        var mask = Mask.FromArray(new[,] { { true, false, true }, { true, true, true } });

        var weights = Ops.Softmax(Matrix.FromRows([1f, 2f, 3f], [1f, 2f, 3f]), mask);

        TestData.AssertClose([0.11920292f, 0f, 0.88079708f], weights.Row(0), 1e-7f);
        TestData.AssertClose(SoftmaxOf123, weights.Row(1), 1e-7f);
    }

    [Fact]
    public void Masked_softmax_of_a_fully_masked_row_is_all_zeros_not_NaN()
    {
        var mask = Mask.Padding(2, 3, validKeys: 0);

        var weights = Ops.Softmax(Matrix.FromRows([1f, 2f, 3f], [4f, 5f, 6f]), mask);

        Assert.All(weights.Data, w => Assert.Equal(0f, w));
    }

    [Fact]
    public void Masked_softmax_ignores_a_NaN_in_a_blocked_entry()
    {
        var mask = Mask.FromArray(new[,] { { true, false, true } });

        var weights = Ops.Softmax(Matrix.FromRows([1f, float.NaN, 3f]), mask);

        TestData.AssertClose([0.11920292f, 0f, 0.88079708f], weights.Row(0), 1e-7f);
    }

    [Fact]
    public void Masked_softmax_names_the_mask_and_both_shapes_when_they_differ()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.Softmax(new Matrix(2, 3), Mask.Causal(3)));

        Assert.Equal("mask", ex.ParamName);
        TestData.AssertMessageContains(ex, "mask is (3, 3)", "scores is (2, 3)");
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    [InlineData(float.Epsilon)] // the smallest subnormal, 1.4e-45: 1/τ = ∞
    [InlineData(1e-39f)] // subnormal: 1/τ = 1e39 overflows float
    [InlineData(1.1754942E-38f)] // the largest subnormal, just below float's smallest normal number
    public void Softmax_rejects_a_temperature_that_is_not_a_positive_normal_number(float temperature)
    {
        var scores = Matrix.FromRows([1f, 2f]);
        float[] destination = new float[2];

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Softmax(scores, temperature));
        Assert.Equal("temperature", ex.ParamName);
        TestData.AssertMessageContains(ex, "temperature must be a positive normal number", "1/temperature is finite");
        Assert.Equal("temperature", Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Softmax(scores, Mask.None(1, 2), temperature)).ParamName);
        Assert.Equal("temperature", Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Softmax([1f, 2f], destination, temperature)).ParamName);
        Assert.Equal("temperature", Assert.Throws<ArgumentOutOfRangeException>(() => Naive.Softmax(scores, temperature)).ParamName);
    }

    [Fact]
    public void The_smallest_accepted_temperature_gives_a_finite_one_hot_softmax_not_NaN()
    {
        // float's smallest normal number 2⁻¹²⁶: 1/τ = 2¹²⁶ is finite, so the softmax is the argmax, exactly.
        float smallest = BitConverter.Int32BitsToSingle(0x00800000);
        Assert.True(float.IsNormal(smallest) && !float.IsNormal(BitConverter.Int32BitsToSingle(0x007FFFFF)));
        var scores = Matrix.FromRows([1f, 2f, 1.5f], [-3f, -3f, -4f]);

        var weights = Ops.Softmax(scores, smallest);

        Assert.Equal(new float[] { 0f, 1f, 0f }, weights.Row(0).ToArray());
        Assert.Equal(new float[] { 0.5f, 0.5f, 0f }, weights.Row(1).ToArray());
        Assert.Equal(weights.Data, Naive.Softmax(scores, smallest).Data);
    }

    [Fact]
    public void Span_softmax_works_in_place()
    {
        float[] logits = [1f, 2f, 3f];

        Ops.Softmax(logits, logits);

        TestData.AssertClose(SoftmaxOf123, logits, 1e-7f);
    }

    [Fact]
    public void Span_softmax_names_the_destination_and_both_lengths_when_they_differ()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.Softmax([1f, 2f, 3f], new float[2]));
        Assert.Equal("destination", ex.ParamName);
        TestData.AssertMessageContains(ex, "destination is (2)", "logits is (3)");

        var exLog = Assert.Throws<ArgumentException>(() => Ops.LogSoftmax([1f, 2f, 3f], new float[4]));
        TestData.AssertMessageContains(exLog, "destination is (4)", "logits is (3)");
    }

    [Fact]
    public void Span_softmax_rejects_empty_logits()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.Softmax(ReadOnlySpan<float>.Empty, Span<float>.Empty));
        Assert.Equal("logits", ex.ParamName);
    }

    [Fact]
    public void LogSoftmax_of_1_2_3_matches_the_values_worked_by_hand()
    {
        // log softmax(x) = x − log(e¹ + e² + e³) = x − 3.4076060
        var result = Ops.LogSoftmax(Matrix.FromRows([1f, 2f, 3f]));

        TestData.AssertClose([-2.40760596f, -1.40760596f, -0.40760596f], result.Row(0), 1e-6f);
    }

    [Fact]
    public void LogSoftmax_stays_finite_where_log_of_softmax_underflows_to_negative_infinity()
    {
        // softmax([0, −1e4]) = [1, 0] in float, so log(softmax) = [0, −∞]; log-softmax is exactly [0, −1e4].
        float[] result = new float[2];

        Ops.LogSoftmax([0f, -1e4f], result);

        Assert.Equal([0f, -1e4f], result);
    }

    [Fact]
    public void LogSoftmax_agrees_with_the_log_of_the_naive_softmax()
    {
        var scores = Matrix.RandomNormal(9, 33, seed: 21, std: 3f);
        var naive = Naive.Softmax(scores);
        var expected = new Matrix(9, 33);
        for (int i = 0; i < naive.Data.Length; i++) expected.Data[i] = MathF.Log(naive.Data[i]);

        TestData.AssertClose(expected, Ops.LogSoftmax(scores), 1e-5f);
    }

    [Fact]
    public void LogSoftmax_of_an_all_negative_infinity_row_is_all_negative_infinity_and_NaN_or_positive_infinity_make_the_row_NaN()
    {
        var result = Ops.LogSoftmax(Matrix.FromRows([float.NegativeInfinity, float.NegativeInfinity], [float.NaN, 0f], [float.PositiveInfinity, 0f]));

        Assert.Equal([float.NegativeInfinity, float.NegativeInfinity], result.Row(0).ToArray());
        Assert.All(result.Row(1).ToArray(), x => Assert.True(float.IsNaN(x)));
        Assert.All(result.Row(2).ToArray(), x => Assert.True(float.IsNaN(x)));
    }

    [Fact]
    public void Softmax_throws_ArgumentNullException_for_null_scores_or_mask()
    {
        Assert.Equal("scores", Assert.Throws<ArgumentNullException>(() => Ops.Softmax(null!)).ParamName);
        Assert.Equal("mask", Assert.Throws<ArgumentNullException>(() => Ops.Softmax(new Matrix(1, 1), (Mask)null!)).ParamName);
        Assert.Equal("scores", Assert.Throws<ArgumentNullException>(() => Ops.LogSoftmax(null!)).ParamName);
    }
}
