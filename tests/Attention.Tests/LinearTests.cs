using Attention;

namespace Attention.Tests;

public class LinearTests
{
    [Fact]
    public void Forward_of_a_2x3_layer_matches_x_times_W_plus_b_worked_by_hand()
    {
        // W (in = 2, out = 3) = [[1, 0, 2], [0, 1, 3]], b = [0.5, −1, 0]
        // x = [[1, 2], [3, −1]]:
        //   [1, 2]·W = [1, 2, 2 + 6] = [1, 2, 8]    + b = [1.5, 1, 8]
        //   [3, −1]·W = [3, −1, 6 − 3] = [3, −1, 3] + b = [3.5, −2, 3]
        var layer = new Linear(Matrix.FromArray(new float[,] { { 1, 0, 2 }, { 0, 1, 3 } }), [0.5f, -1f, 0f]);
        var x = Matrix.FromArray(new float[,] { { 1, 2 }, { 3, -1 } });

        var y = layer.Forward(x);

        Assert.Equal(new float[,] { { 1.5f, 1, 8 }, { 3.5f, -2, 3 } }, y.ToArray());
        Assert.Equal(2, layer.InFeatures);
        Assert.Equal(3, layer.OutFeatures);
    }

    [Fact]
    public void Forward_without_bias_is_the_plain_product()
    {
        var weight = TestData.Random(17, 9, seed: 1);
        var x = TestData.Random(11, 17, seed: 2);

        var y = new Linear(weight, bias: null).Forward(x);

        TestData.AssertClose(Naive.MatMul(x, weight), y, TestData.ProductTolerance(17, x, weight));
    }

    [Fact]
    public void Forward_adds_the_bias_to_every_row()
    {
        var weight = TestData.Random(8, 5, seed: 3);
        float[] bias = [1f, -2f, 3f, -4f, 5f];
        var x = TestData.Random(6, 8, seed: 4);
        var expected = Naive.MatMul(x, weight);
        for (int t = 0; t < 6; t++)
            for (int j = 0; j < 5; j++) expected[t, j] += bias[j];

        var y = new Linear(weight, bias).Forward(x);

        TestData.AssertClose(expected, y, 1e-5f);
    }

    [Fact]
    public void Seeded_layers_are_reproducible_and_Xavier_uniform_with_a_zero_bias()
    {
        var layer = new Linear(64, 32, seed: 7);
        var again = new Linear(64, 32, seed: 7);
        var other = new Linear(64, 32, seed: 8);

        Assert.Equal(layer.Weight.Data, again.Weight.Data);
        Assert.NotEqual(layer.Weight.Data, other.Weight.Data);
        // Xavier/Glorot uniform: U(−a, a) with a = √(6 / (64 + 32)) = 0.25, variance a²/3 = 0.0208.
        Assert.All(layer.Weight.Data, w => Assert.InRange(w, -0.25f, 0.25f));
        double variance = layer.Weight.Data.Average(w => (double)w * w);
        Assert.InRange(variance, 0.0208 * 0.9, 0.0208 * 1.1);
        Assert.Equal(new float[32], layer.Bias);
        Assert.Null(new Linear(4, 4, seed: 1, bias: false).Bias);
    }

    [Fact]
    public void Forward_names_x_and_both_shapes_when_the_width_is_wrong()
    {
        var layer = new Linear(4, 3, seed: 1);

        var ex = Assert.Throws<ArgumentException>(() => layer.Forward(new Matrix(2, 5)));

        Assert.Equal("x", ex.ParamName);
        TestData.AssertMessageContains(ex, "x is (2, 5)", "weight is (4, 3)");
    }

    [Fact]
    public void Constructor_names_the_bias_and_the_weight_shape_when_the_bias_length_is_wrong()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Linear(new Matrix(4, 3), new float[4]));

        Assert.Equal("bias", ex.ParamName);
        TestData.AssertMessageContains(ex, "bias is (4)", "weight is (4, 3)");
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(3, -2)]
    public void Constructor_rejects_sizes_that_are_not_positive(int inFeatures, int outFeatures)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Linear(inFeatures, outFeatures, seed: 1));
        Assert.Contains(inFeatures <= 0 ? "inFeatures" : "outFeatures", ex.Message);
    }

    [Fact]
    public void Null_arguments_throw_ArgumentNullException()
    {
        Assert.Equal("weight", Assert.Throws<ArgumentNullException>(() => new Linear(null!, null)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => new Linear(2, 2, seed: 1).Forward((Matrix)null!)).ParamName);
    }
}
