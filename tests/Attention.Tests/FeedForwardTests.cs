namespace Attention.Tests;

public class FeedForwardTests
{
    [Fact]
    public void Hand_worked_relu_network_widens_clips_and_narrows()
    {
        // W1 (2, 3), b1 = [0, −1, 0.5]; x = [1, 2] gives x·W1 + b1 = [1, 2, −3] + [0, −1, 0.5] = [1, 1, −2.5] → ReLU [1, 1, 0].
        // W2 (3, 2), b2 = [0.5, 0]: [1, 1, 0]·W2 = [1 + 2, 0 + 1] = [3, 1] → + b2 = [3.5, 1].
        var first = new Linear(Matrix.FromRows([1f, 0f, -1f], [0f, 1f, -1f]), [0f, -1f, 0.5f]);
        var second = new Linear(Matrix.FromRows([1f, 0f], [2f, 1f], [7f, 7f]), [0.5f, 0f]);
        var output = new FeedForward(first, second).Forward(Matrix.FromRows([1f, 2f]));
        Assert.Equal(new float[] { 3.5f, 1f }, output.Data);
    }

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Gelu)]
    public void Forward_matches_a_naive_double_reference(Activation activation)
    {
        var network = BlockReference.RandomFeedForward(dModel: 12, dFF: 48, seed: 3, activation);
        var x = Matrix.RandomNormal(7, 12, seed: 4);
        TestData.AssertClose(BlockReference.FeedForward(x, network), network.Forward(x), 1e-4f);
    }

    [Fact]
    public void Seeded_network_has_the_shapes_and_is_reproducible_with_distinct_layers()
    {
        var a = new FeedForward(dModel: 8, dFF: 32, seed: 5, Activation.Gelu);
        var b = new FeedForward(dModel: 8, dFF: 32, seed: 5, Activation.Gelu);
        Assert.Equal((8, 32), a.First.Weight.Shape);
        Assert.Equal((32, 8), a.Second.Weight.Shape);
        Assert.Equal(8, a.DModel);
        Assert.Equal(32, a.DFF);
        Assert.Equal(Activation.Gelu, a.Activation);
        Assert.Equal(a.First.Weight.Data, b.First.Weight.Data);
        Assert.Equal(a.Second.Weight.Data, b.Second.Weight.Data);
        Assert.NotEqual(a.First.Weight.Data, new FeedForward(8, 32, seed: 6).First.Weight.Data);
        Assert.NotEqual(a.First.Weight.Transpose().Data, a.Second.Weight.Data);
        var x = Matrix.RandomNormal(3, 8, seed: 1);
        Assert.Equal(a.Forward(x).Data, b.Forward(x).Data);
    }

    [Fact]
    public void Each_row_is_transformed_independently()
    {
        var network = new FeedForward(dModel: 6, dFF: 24, seed: 2);
        var x = Matrix.RandomNormal(5, 6, seed: 9);
        var whole = network.Forward(x);
        for (int t = 0; t < 5; t++)
            TestData.AssertClose(whole.SliceRows(t, 1), network.Forward(x.SliceRows(t, 1)), 1e-6f);
    }

    [Fact]
    public void Bad_input_throws_naming_the_parameter_and_shapes()
    {
        Assert.Equal("dModel", Assert.Throws<ArgumentOutOfRangeException>(() => new FeedForward(0, 4, 1)).ParamName);
        Assert.Equal("dFF", Assert.Throws<ArgumentOutOfRangeException>(() => new FeedForward(4, 0, 1)).ParamName);
        Assert.Equal("activation", Assert.Throws<ArgumentOutOfRangeException>(() => new FeedForward(4, 8, 1, (Activation)9)).ParamName);
        var first = new Linear(4, 8, seed: 1);
        Assert.Equal("first", Assert.Throws<ArgumentNullException>(() => new FeedForward(null!, first)).ParamName);
        Assert.Equal("second", Assert.Throws<ArgumentNullException>(() => new FeedForward(first, null!)).ParamName);
        var mismatch = Assert.Throws<ArgumentException>(() => new FeedForward(first, new Linear(8, 5, seed: 2)));
        Assert.Equal("second", mismatch.ParamName);
        TestData.AssertMessageContains(mismatch, "second is (8, 5)", "first is (4, 8)");
        Assert.Equal("second", Assert.Throws<ArgumentException>(() => new FeedForward(first, new Linear(7, 4, seed: 2))).ParamName);
        Assert.Equal("activation", Assert.Throws<ArgumentOutOfRangeException>(() => new FeedForward(first, new Linear(8, 4, seed: 2), (Activation)(-1))).ParamName);
        var network = new FeedForward(4, 8, seed: 1);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => network.Forward(null!)).ParamName);
        var shape = Assert.Throws<ArgumentException>(() => network.Forward(new Matrix(2, 5)));
        Assert.Equal("x", shape.ParamName);
        TestData.AssertMessageContains(shape, "x is (2, 5)", "dModel = 4");
    }
}
