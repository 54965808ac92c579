using MathNet.Numerics;

namespace Attention.Tests;

public class ActivationsTests
{
    [Fact]
    public void Relu_zeroes_negatives_and_keeps_positives()
    {
        var output = Activations.Relu(Matrix.FromRows([-2f, -0f, 0f, 0.5f], [3f, -1e-30f, float.PositiveInfinity, float.NegativeInfinity]));
        Assert.Equal(new float[] { 0, 0, 0, 0.5f, 3, 0, float.PositiveInfinity, 0 }, output.Data);
    }

    [Fact]
    public void Relu_propagates_NaN()
    {
        Assert.True(float.IsNaN(Activations.Relu(Matrix.FromRows([float.NaN]))[0, 0]));
    }

    [Theory]
    [InlineData(0f, 0f)]
    [InlineData(0.5f, 0.34573123f)]
    [InlineData(1f, 0.84134475f)]
    [InlineData(2f, 1.9544997f)]
    [InlineData(3f, 2.9959503f)]
    [InlineData(-0.5f, -0.15426877f)]
    [InlineData(-1f, -0.15865525f)]
    [InlineData(-3f, -0.0040496941f)]
    [InlineData(-6f, -5.9195259e-9f)]
    public void Gelu_at_known_points_matches_the_exact_erf_form(float x, float expected)
    {
        // Values of x·½·(1 + erf(x/√2)) from a libm erf; they are also what torch.nn.functional.gelu returns.
        float actual = Activations.Gelu(Matrix.FromRows([x]))[0, 0];
        Assert.True(Math.Abs(actual - expected) <= 1e-6f * Math.Max(1f, Math.Abs(expected)) || Math.Abs(actual / expected - 1) < 1e-5,
            $"gelu({x}) = {actual}, expected {expected}");
    }

    [Fact]
    public void Gelu_matches_MathNet_erf_to_float_precision_across_the_range()
    {
        var values = new float[4001];
        for (int i = 0; i < values.Length; i++) values[i] = -20f + i * 0.01f;
        var output = Activations.Gelu(new Matrix(1, values.Length, values));
        for (int i = 0; i < values.Length; i++)
        {
            double x = values[i];
            double expected = x < 0 ? x * 0.5 * SpecialFunctions.Erfc(-x / Math.Sqrt(2)) : x * 0.5 * (1 + SpecialFunctions.Erf(x / Math.Sqrt(2)));
            double tolerance = 2e-7 * Math.Abs(expected) + 1e-30;
            Assert.True(Math.Abs(output.Data[i] - expected) <= tolerance, $"gelu({x}) = {output.Data[i]}, expected {expected}");
        }
    }

    [Fact]
    public void Erfc_matches_MathNet_with_relative_error_below_1e_minus_11()
    {
        for (double z = -6; z <= 26; z += 0.0137)
        {
            double expected = SpecialFunctions.Erfc(z);
            Assert.True(Math.Abs(Activations.Erfc(z) - expected) <= 1e-11 * expected, $"erfc({z}) = {Activations.Erfc(z)}, expected {expected}");
        }
    }

    [Fact]
    public void Table_interpolated_erfc_used_by_gelu_matches_MathNet_with_relative_error_below_1e_minus_8()
    {
        var random = new Random(12);
        for (int i = 0; i < 20_000; i++)
        {
            double z = i < 10_000 ? i * 0.0011 : random.NextDouble() * 12;
            double expected = SpecialFunctions.Erfc(z);
            Assert.True(Math.Abs(Activations.ErfcFast(z) - expected) <= 1e-8 * expected, $"erfc({z}) = {Activations.ErfcFast(z)}, expected {expected}");
        }
    }

    [Fact]
    public void Gelu_is_identity_for_large_positive_inputs_and_propagates_NaN()
    {
        var output = Activations.Gelu(Matrix.FromRows([50f, float.PositiveInfinity, float.NaN]));
        Assert.Equal(50f, output[0, 0]);
        Assert.Equal(float.PositiveInfinity, output[0, 1]);
        Assert.True(float.IsNaN(output[0, 2]));
    }

    [Fact]
    public void Apply_dispatches_to_the_named_activation()
    {
        var x = Matrix.RandomNormal(3, 5, seed: 1);
        Assert.Equal(Activations.Relu(x).Data, Activations.Apply(x, Activation.Relu).Data);
        Assert.Equal(Activations.Gelu(x).Data, Activations.Apply(x, Activation.Gelu).Data);
    }

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Gelu)]
    public void Destination_overloads_match_the_allocating_ones_also_in_place(Activation activation)
    {
        var x = Matrix.RandomNormal(4, 9, seed: 2, std: 3f);
        var expected = Activations.Apply(x, activation);
        var destination = new Matrix(4, 9);
        Activations.Apply(x, activation, destination);
        Assert.Equal(expected.Data, destination.Data);
        var direct = new Matrix(4, 9);
        if (activation == Activation.Relu) Activations.Relu(x, direct); else Activations.Gelu(x, direct);
        Assert.Equal(expected.Data, direct.Data);
        var inPlace = x.Clone();
        Activations.Apply(inPlace, activation, inPlace);
        Assert.Equal(expected.Data, inPlace.Data);
    }

    [Fact]
    public void Bad_input_throws_naming_the_parameter()
    {
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => Activations.Relu(null!)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => Activations.Gelu(null!)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => Activations.Apply(null!, Activation.Relu)).ParamName);
        Assert.Equal("activation", Assert.Throws<ArgumentOutOfRangeException>(() => Activations.Apply(new Matrix(1, 1), (Activation)7)).ParamName);
        Assert.Equal("activation", Assert.Throws<ArgumentOutOfRangeException>(() => Activations.Apply(new Matrix(1, 1), (Activation)7, new Matrix(1, 1))).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => Activations.Relu(null!, new Matrix(1, 1))).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentNullException>(() => Activations.Gelu(new Matrix(1, 1), null!)).ParamName);
        var relu = Assert.Throws<ArgumentException>(() => Activations.Relu(new Matrix(2, 3), new Matrix(3, 2)));
        Assert.Equal("destination", relu.ParamName);
        TestData.AssertMessageContains(relu, "destination is (3, 2)", "x is (2, 3)");
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => Activations.Gelu(new Matrix(2, 3), new Matrix(2, 4))).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => Activations.Apply(new Matrix(2, 3), Activation.Gelu, new Matrix(1, 3))).ParamName);
    }
}
