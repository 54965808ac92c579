using FsCheck;
using FsCheck.Fluent;

namespace Attention.Tests;

public class LayerNormTests
{
    /// <summary>Two-pass double reference: (x − mean) / √(biased var + ε) · γ + β.</summary>
    private static double[] NaiveRow(float[] row, float[] gamma, float[] beta, double epsilon)
    {
        double mean = row.Average(v => (double)v);
        double variance = row.Average(v => (v - mean) * (v - mean));
        return row.Select((v, c) => (v - mean) / Math.Sqrt(variance + epsilon) * gamma[c] + beta[c]).ToArray();
    }

    [Fact]
    public void Normalising_1_2_3_4_gives_the_hand_worked_values()
    {
        // mean 2.5, biased variance 1.25, so (x − 2.5) / √1.25001.
        var output = new LayerNorm(4).Forward(Matrix.FromRows([1f, 2f, 3f, 4f]));
        float[] expected = [-1.3416354f, -0.44721181f, 0.44721181f, 1.3416354f];
        for (int c = 0; c < 4; c++) Assert.Equal(expected[c], output[0, c], 1e-6f);
    }

    [Fact]
    public void Gamma_scales_and_beta_shifts_each_column()
    {
        var norm = new LayerNorm([2f, 0.5f, 1f, -1f], [0.1f, 0.2f, 0.3f, 0.4f]);
        var output = norm.Forward(Matrix.FromRows([1f, 2f, 3f, 4f]));
        float[] expected = [-2.5832708f, -0.023605903f, 0.74721181f, -0.94163542f];
        for (int c = 0; c < 4; c++) Assert.Equal(expected[c], output[0, c], 1e-6f);
    }

    [Fact]
    public void Rows_are_normalised_independently_and_match_a_double_reference()
    {
        var x = Matrix.RandomNormal(9, 37, seed: 6, std: 3f);
        var gamma = Matrix.RandomNormal(1, 37, seed: 7).Data;
        var beta = Matrix.RandomNormal(1, 37, seed: 8).Data;
        var output = new LayerNorm(gamma, beta, epsilon: 1e-3f).Forward(x);
        for (int t = 0; t < 9; t++)
        {
            var expected = NaiveRow(x.Row(t).ToArray(), gamma, beta, 1e-3);
            for (int c = 0; c < 37; c++) Assert.Equal(expected[c], output[t, c], 1e-5);
        }
    }

    [Fact]
    public void Scaling_and_shifting_a_row_does_not_change_its_normalised_form()
    {
        var norm = new LayerNorm(16, epsilon: 0f);
        var x = Matrix.RandomNormal(1, 16, seed: 5);
        var expected = norm.Forward(x);
        // Scales from 0.5 and shifts up to ±10 keep the rounding of the moved inputs themselves below the tolerance.
        var cases = Gen.Choose(50, 1000).Zip(Gen.Choose(-100, 100)).ToArbitrary();
        Prop.ForAll(cases, pair =>
        {
            float scale = pair.Item1 / 100f, shift = pair.Item2 / 10f;
            var moved = new Matrix(1, 16);
            for (int c = 0; c < 16; c++) moved[0, c] = scale * x[0, c] + shift;
            return norm.Forward(moved).MaxAbsDifference(expected) < 1e-4f;
        }).CheckWithFixedSeed();
    }

    [Fact]
    public void Default_output_rows_have_mean_0_and_variance_1_even_with_a_large_offset()
    {
        var x = Matrix.RandomNormal(4, 64, seed: 3);
        for (int i = 0; i < x.Data.Length; i++) x.Data[i] += 1000f;
        var output = new LayerNorm(64).Forward(x);
        for (int t = 0; t < 4; t++)
        {
            var row = output.Row(t).ToArray();
            Assert.Equal(0, row.Average(v => (double)v), 1e-4);
            Assert.Equal(1, row.Average(v => (double)v * v), 2e-3);
        }
    }

    [Fact]
    public void A_constant_row_becomes_beta_because_epsilon_keeps_the_division_finite()
    {
        var output = new LayerNorm([1f, 1f, 1f], [0.5f, -0.5f, 2f]).Forward(Matrix.FromRows([7f, 7f, 7f]));
        Assert.Equal(new float[] { 0.5f, -0.5f, 2f }, output.Data);
    }

    [Fact]
    public void Defaults_are_gamma_one_beta_zero_and_epsilon_1e_minus_5_like_torch()
    {
        var norm = new LayerNorm(3);
        Assert.Equal(new float[] { 1, 1, 1 }, norm.Gamma);
        Assert.Equal(new float[] { 0, 0, 0 }, norm.Beta);
        Assert.Equal(1e-5f, norm.Epsilon);
        Assert.Equal(3, norm.DModel);
    }

    [Fact]
    public void Destination_overload_matches_the_allocating_one_also_in_place()
    {
        var norm = SampleNorm();
        var x = Matrix.RandomNormal(5, 6, seed: 4);
        var expected = norm.Forward(x);
        var destination = new Matrix(5, 6);
        norm.Forward(x, destination);
        Assert.Equal(expected.Data, destination.Data);
        norm.Forward(x, x);
        Assert.Equal(expected.Data, x.Data);
    }

    private static LayerNorm SampleNorm() => new([1f, 2f, 0.5f, -1f, 1f, 3f], [0f, 0.1f, 0.2f, 0.3f, -0.4f, 1f]);

    [Fact]
    public void Bad_input_throws_naming_the_parameter_and_shapes()
    {
        Assert.Equal("dModel", Assert.Throws<ArgumentOutOfRangeException>(() => new LayerNorm(0)).ParamName);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => new LayerNorm(4, -1f)).ParamName);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => new LayerNorm(4, float.NaN)).ParamName);
        Assert.Equal("gamma", Assert.Throws<ArgumentNullException>(() => new LayerNorm(null!, [1f])).ParamName);
        Assert.Equal("beta", Assert.Throws<ArgumentNullException>(() => new LayerNorm([1f], null!)).ParamName);
        Assert.Equal("gamma", Assert.Throws<ArgumentException>(() => new LayerNorm([], [])).ParamName);
        var lengths = Assert.Throws<ArgumentException>(() => new LayerNorm([1f, 1f], [0f]));
        Assert.Equal("beta", lengths.ParamName);
        Assert.Contains("beta has length 1 but gamma has length 2", lengths.Message);
        var norm = new LayerNorm(4);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => norm.Forward(null!)).ParamName);
        var shape = Assert.Throws<ArgumentException>(() => norm.Forward(new Matrix(2, 3)));
        Assert.Equal("x", shape.ParamName);
        Assert.Contains("x is (2, 3) but the layer norm has dModel = 4", shape.Message);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => norm.Forward(new Matrix(2, 3), new Matrix(2, 3))).ParamName);
        var destination = Assert.Throws<ArgumentException>(() => norm.Forward(new Matrix(2, 4), new Matrix(3, 4)));
        Assert.Equal("destination", destination.ParamName);
        Assert.Contains("destination is (3, 4) but x is (2, 4)", destination.Message);
        Assert.Equal("destination", Assert.Throws<ArgumentNullException>(() => norm.Forward(new Matrix(2, 4), null!)).ParamName);
    }
}
