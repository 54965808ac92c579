using FsCheck;
using FsCheck.Fluent;

namespace Attention.Tests;

public class EncoderBlockTests
{
    private const int DModel = 16, NumHeads = 4, DFF = 32;

    private static EncoderBlock RandomBlock(NormPlacement norm, Activation activation = Activation.Relu, int seed = 10) => new(
        BlockReference.RandomAttention(DModel, NumHeads, seed),
        BlockReference.RandomFeedForward(DModel, DFF, seed + 10, activation),
        BlockReference.RandomLayerNorm(DModel, seed + 20),
        BlockReference.RandomLayerNorm(DModel, seed + 30),
        norm);

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Gelu)]
    public void Post_norm_forward_matches_the_block_computed_step_by_step(Activation activation)
    {
        var block = RandomBlock(NormPlacement.PostNorm, activation);
        var x = Matrix.RandomNormal(6, DModel, seed: 1);
        var mask = Mask.Padding(6, 6, validKeys: 4);
        // h = Norm1(x + MHA(x)); output = Norm2(h + FFN(h))
        var (attention, weights) = BlockReference.MultiHead(block.SelfAttention, x, x, mask);
        var h = BlockReference.LayerNorm(x + attention, block.Norm1);
        var expected = BlockReference.LayerNorm(h + BlockReference.FeedForward(h, block.FeedForward), block.Norm2);

        var result = block.Forward(x, mask);
        TestData.AssertClose(expected, result.Output, 2e-4f, "output");
        Assert.Equal((NumHeads, 6, 6), result.SelfAttentionWeights.Shape);
        for (int head = 0; head < NumHeads; head++)
            TestData.AssertClose(weights[head], result.SelfAttentionWeights[head], 1e-5f, $"weights of head {head}");
    }

    [Fact]
    public void Pre_norm_forward_matches_the_block_computed_step_by_step()
    {
        var block = RandomBlock(NormPlacement.PreNorm, Activation.Gelu);
        var x = Matrix.RandomNormal(5, DModel, seed: 2);
        // h = x + MHA(Norm1(x)); output = h + FFN(Norm2(h))
        var normalised = BlockReference.LayerNorm(x, block.Norm1);
        var (attention, _) = BlockReference.MultiHead(block.SelfAttention, normalised, normalised, null);
        var h = x + attention;
        var expected = h + BlockReference.FeedForward(BlockReference.LayerNorm(h, block.Norm2), block.FeedForward);
        TestData.AssertClose(expected, block.Forward(x).Output, 2e-4f);
    }

    [Fact]
    public void Post_and_pre_norm_give_different_outputs_from_the_same_weights()
    {
        var x = Matrix.RandomNormal(5, DModel, seed: 3);
        var post = RandomBlock(NormPlacement.PostNorm).Forward(x).Output;
        var pre = RandomBlock(NormPlacement.PreNorm).Forward(x).Output;
        Assert.True(post.MaxAbsDifference(pre) > 0.1f);
    }

    [Theory]
    [InlineData(NormPlacement.PostNorm)]
    [InlineData(NormPlacement.PreNorm)]
    public void Without_positions_or_mask_the_block_is_permutation_equivariant(NormPlacement norm)
    {
        var block = new EncoderBlock(DModel, NumHeads, DFF, seed: 4, norm: norm);
        var x = Matrix.RandomNormal(7, DModel, seed: 5);
        var output = block.Forward(x).Output;
        Prop.ForAll(Gen.Choose(0, 10_000).ToArbitrary(), permutationSeed =>
        {
            var permutation = TestData.RandomPermutation(7, permutationSeed);
            var permutedOutput = block.Forward(TestData.PermuteRows(x, permutation)).Output;
            return TestData.PermuteRows(output, permutation).MaxAbsDifference(permutedOutput) < 1e-5f;
        }).CheckWithFixedSeed();
    }

    [Fact]
    public void Adding_sinusoidal_positions_breaks_permutation_equivariance()
    {
        var block = new EncoderBlock(DModel, NumHeads, DFF, seed: 4);
        var x = Matrix.RandomNormal(7, DModel, seed: 5);
        var positions = PositionalEncoding.Sinusoidal(7, DModel);
        int[] swap = [1, 0, 2, 3, 4, 5, 6];
        var output = block.Forward(x + positions).Output;
        var swapped = block.Forward(TestData.PermuteRows(x, swap) + positions).Output;
        Assert.True(TestData.PermuteRows(output, swap).MaxAbsDifference(swapped) > 1e-3f);
    }

    [Fact]
    public void With_a_padding_mask_the_real_positions_ignore_what_the_padding_holds()
    {
        var block = new EncoderBlock(DModel, NumHeads, DFF, seed: 6, Activation.Gelu);
        var x = Matrix.RandomNormal(6, DModel, seed: 7);
        var changed = x.Clone();
        for (int c = 0; c < DModel; c++) { changed[4, c] = 50f; changed[5, c] = -3f * c; }
        var mask = Mask.Padding(6, 6, validKeys: 4);
        var a = block.Forward(x, mask).Output.SliceRows(0, 4);
        var b = block.Forward(changed, mask).Output.SliceRows(0, 4);
        Assert.True(a.MaxAbsDifference(b) < 1e-6f);
    }

    [Fact]
    public void Seeded_block_is_reproducible_and_uses_the_requested_sizes()
    {
        var a = new EncoderBlock(DModel, NumHeads, DFF, seed: 8, Activation.Gelu, NormPlacement.PreNorm);
        var b = new EncoderBlock(DModel, NumHeads, DFF, seed: 8, Activation.Gelu, NormPlacement.PreNorm);
        Assert.Equal(NumHeads, a.SelfAttention.NumHeads);
        Assert.Equal(DFF, a.FeedForward.DFF);
        Assert.Equal(Activation.Gelu, a.FeedForward.Activation);
        Assert.Equal(NormPlacement.PreNorm, a.Norm);
        Assert.Equal(DModel, a.Norm1.DModel);
        Assert.Equal(DModel, a.Norm2.DModel);
        var x = Matrix.RandomNormal(3, DModel, seed: 1);
        Assert.Equal(a.Forward(x).Output.Data, b.Forward(x).Output.Data);
        Assert.NotEqual(a.Forward(x).Output.Data, new EncoderBlock(DModel, NumHeads, DFF, seed: 9, Activation.Gelu, NormPlacement.PreNorm).Forward(x).Output.Data);
    }

    [Fact]
    public void Post_norm_output_rows_are_normalised()
    {
        var output = new EncoderBlock(DModel, NumHeads, DFF, seed: 3).Forward(Matrix.RandomNormal(4, DModel, seed: 2, std: 5f)).Output;
        for (int t = 0; t < 4; t++)
        {
            var row = output.Row(t).ToArray();
            Assert.Equal(0, row.Average(v => (double)v), 1e-5);
            Assert.Equal(1, row.Average(v => (double)v * v), 1e-3);
        }
    }

    [Fact]
    public void Bad_input_throws_naming_the_parameter_and_shapes()
    {
        Assert.Equal("dModel", Assert.Throws<ArgumentOutOfRangeException>(() => new EncoderBlock(0, 2, 8, 1)).ParamName);
        Assert.Equal("numHeads", Assert.Throws<ArgumentOutOfRangeException>(() => new EncoderBlock(8, 0, 8, 1)).ParamName);
        Assert.Equal("dFF", Assert.Throws<ArgumentOutOfRangeException>(() => new EncoderBlock(8, 2, 0, 1)).ParamName);
        var divisible = Assert.Throws<ArgumentException>(() => new EncoderBlock(10, 4, 8, 1));
        Assert.Equal("numHeads", divisible.ParamName);
        TestData.AssertMessageContains(divisible, "dModel = 10", "numHeads = 4");
        Assert.Equal("norm", Assert.Throws<ArgumentOutOfRangeException>(() => new EncoderBlock(8, 2, 8, 1, norm: (NormPlacement)5)).ParamName);
        Assert.Equal("activation", Assert.Throws<ArgumentOutOfRangeException>(() => new EncoderBlock(8, 2, 8, 1, (Activation)5)).ParamName);

        var attention = new MultiHeadAttention(8, 2, seed: 1);
        var feedForward = new FeedForward(8, 16, seed: 2);
        var norm = new LayerNorm(8);
        Assert.Equal("selfAttention", Assert.Throws<ArgumentNullException>(() => new EncoderBlock(null!, feedForward, norm, norm)).ParamName);
        Assert.Equal("feedForward", Assert.Throws<ArgumentNullException>(() => new EncoderBlock(attention, null!, norm, norm)).ParamName);
        Assert.Equal("norm1", Assert.Throws<ArgumentNullException>(() => new EncoderBlock(attention, feedForward, null!, norm)).ParamName);
        Assert.Equal("norm2", Assert.Throws<ArgumentNullException>(() => new EncoderBlock(attention, feedForward, norm, null!)).ParamName);
        var wideFeedForward = Assert.Throws<ArgumentException>(() => new EncoderBlock(attention, new FeedForward(6, 16, 2), norm, norm));
        Assert.Equal("feedForward", wideFeedForward.ParamName);
        TestData.AssertMessageContains(wideFeedForward, "dModel = 6", "dModel = 8");
        Assert.Equal("norm1", Assert.Throws<ArgumentException>(() => new EncoderBlock(attention, feedForward, new LayerNorm(4), norm)).ParamName);
        Assert.Equal("norm2", Assert.Throws<ArgumentException>(() => new EncoderBlock(attention, feedForward, norm, new LayerNorm(4))).ParamName);
        Assert.Equal("norm", Assert.Throws<ArgumentOutOfRangeException>(() => new EncoderBlock(attention, feedForward, norm, norm, (NormPlacement)2)).ParamName);

        var block = new EncoderBlock(attention, feedForward, norm, new LayerNorm(8));
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => block.Forward((Matrix)null!)).ParamName);
        var x = Assert.Throws<ArgumentException>(() => block.Forward(new Matrix(3, 6)));
        Assert.Equal("x", x.ParamName);
        TestData.AssertMessageContains(x, "x is (3, 6)", "dModel = 8");
        var mask = Assert.Throws<ArgumentException>(() => block.Forward(new Matrix(3, 8), Mask.Causal(4)));
        Assert.Equal("mask", mask.ParamName);
        TestData.AssertMessageContains(mask, "mask is (4, 4)", "x is (3, 8)", "(3, 3)");
    }
}
