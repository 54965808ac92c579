using FsCheck;
using FsCheck.Fluent;

namespace Attention.Tests;

public class DecoderBlockTests
{
    private const int DModel = 12, NumHeads = 3, DFF = 24;

    private static DecoderBlock RandomBlock(NormPlacement norm, Activation activation = Activation.Relu, int seed = 40) => new(
        BlockReference.RandomAttention(DModel, NumHeads, seed),
        BlockReference.RandomAttention(DModel, NumHeads, seed + 5),
        BlockReference.RandomFeedForward(DModel, DFF, seed + 10, activation),
        BlockReference.RandomLayerNorm(DModel, seed + 20),
        BlockReference.RandomLayerNorm(DModel, seed + 30),
        BlockReference.RandomLayerNorm(DModel, seed + 40),
        norm);

    [Fact]
    public void Post_norm_forward_matches_the_block_computed_step_by_step_with_a_causal_default_mask()
    {
        var block = RandomBlock(NormPlacement.PostNorm, Activation.Gelu);
        var x = Matrix.RandomNormal(5, DModel, seed: 1);
        var memory = Matrix.RandomNormal(7, DModel, seed: 2);
        var memoryMask = Mask.Padding(5, 7, validKeys: 6);
        // h1 = Norm1(x + SelfMHA(x, causal)); h2 = Norm2(h1 + CrossMHA(h1, memory)); output = Norm3(h2 + FFN(h2))
        var (self, selfWeights) = BlockReference.MultiHead(block.SelfAttention, x, x, Mask.Causal(5));
        var h1 = BlockReference.LayerNorm(x + self, block.Norm1);
        var (cross, crossWeights) = BlockReference.MultiHead(block.CrossAttention, h1, memory, memoryMask);
        var h2 = BlockReference.LayerNorm(h1 + cross, block.Norm2);
        var expected = BlockReference.LayerNorm(h2 + BlockReference.FeedForward(h2, block.FeedForward), block.Norm3);

        var result = block.Forward(x, memory, memoryMask: memoryMask);
        TestData.AssertClose(expected, result.Output, 2e-4f, "output");
        Assert.Equal((NumHeads, 5, 5), result.SelfAttentionWeights.Shape);
        Assert.Equal((NumHeads, 5, 7), result.CrossAttentionWeights.Shape);
        for (int head = 0; head < NumHeads; head++)
        {
            TestData.AssertClose(selfWeights[head], result.SelfAttentionWeights[head], 1e-5f, $"self weights of head {head}");
            TestData.AssertClose(crossWeights[head], result.CrossAttentionWeights[head], 1e-5f, $"cross weights of head {head}");
        }
    }

    [Fact]
    public void Pre_norm_forward_matches_the_block_computed_step_by_step()
    {
        var block = RandomBlock(NormPlacement.PreNorm);
        var x = Matrix.RandomNormal(4, DModel, seed: 3);
        var memory = Matrix.RandomNormal(6, DModel, seed: 4);
        var selfMask = Mask.None(4, 4);
        // h1 = x + SelfMHA(Norm1(x)); h2 = h1 + CrossMHA(Norm2(h1), memory); output = h2 + FFN(Norm3(h2))
        var n1 = BlockReference.LayerNorm(x, block.Norm1);
        var h1 = x + BlockReference.MultiHead(block.SelfAttention, n1, n1, selfMask).Output;
        var h2 = h1 + BlockReference.MultiHead(block.CrossAttention, BlockReference.LayerNorm(h1, block.Norm2), memory, null).Output;
        var expected = h2 + BlockReference.FeedForward(BlockReference.LayerNorm(h2, block.Norm3), block.FeedForward);
        TestData.AssertClose(expected, block.Forward(x, memory, selfMask, causal: false).Output, 2e-4f);
    }

    [Theory]
    [InlineData(NormPlacement.PostNorm)]
    [InlineData(NormPlacement.PreNorm)]
    public void With_the_default_causal_mask_changing_future_targets_leaves_earlier_outputs_unchanged(NormPlacement norm)
    {
        const int seqLen = 6;
        var block = new DecoderBlock(DModel, NumHeads, DFF, seed: 5, Activation.Gelu, norm);
        var x = Matrix.RandomNormal(seqLen, DModel, seed: 6);
        var memory = Matrix.RandomNormal(4, DModel, seed: 7);
        var output = block.Forward(x, memory).Output;
        var cases = Gen.Choose(1, seqLen - 1).Zip(Gen.Choose(0, 10_000)).ToArbitrary();
        Prop.ForAll(cases, pair =>
        {
            var (firstChanged, seed) = pair;
            var changed = x.Clone();
            var noise = Matrix.RandomNormal(seqLen - firstChanged, DModel, seed, std: 3f);
            noise.Data.CopyTo(changed.Data, firstChanged * DModel);
            var changedOutput = block.Forward(changed, memory).Output;
            bool earlierUnchanged = output.SliceRows(0, firstChanged).MaxAbsDifference(changedOutput.SliceRows(0, firstChanged)) < 1e-6f;
            bool laterChanged = output.SliceRows(firstChanged, 1).MaxAbsDifference(changedOutput.SliceRows(firstChanged, 1)) > 1e-4f;
            return earlierUnchanged && laterChanged;
        }).CheckWithFixedSeed();
    }

    [Fact]
    public void Null_self_mask_equals_an_explicit_causal_mask_and_differs_from_opting_out()
    {
        var block = new DecoderBlock(DModel, NumHeads, DFF, seed: 8);
        var x = Matrix.RandomNormal(5, DModel, seed: 9);
        var memory = Matrix.RandomNormal(3, DModel, seed: 10);
        var byDefault = block.Forward(x, memory);
        Assert.Equal(block.Forward(x, memory, Mask.Causal(5)).Output.Data, byDefault.Output.Data);
        Assert.Equal(0f, byDefault.SelfAttentionWeights[0, 0, 1]);
        Assert.Equal(1f, byDefault.SelfAttentionWeights[1, 0, 0]);
        Assert.Equal(block.Forward(x, memory, Mask.None(5, 5)).Output.Data, byDefault.Output.Data); // combined with causal, None changes nothing
        Assert.True(block.Forward(x, memory, causal: false).Output.SliceRows(0, 4).MaxAbsDifference(byDefault.Output.SliceRows(0, 4)) > 1e-3f);
    }

    [Theory]
    [InlineData(NormPlacement.PostNorm)]
    [InlineData(NormPlacement.PreNorm)]
    public void With_a_padding_self_mask_a_future_token_still_cannot_change_an_earlier_output(NormPlacement norm)
    {
        // Six target positions, the last one padding. The padding mask alone would let position 0 see positions 0..4;
        // combined with causal it sees position 0 only.
        const int seqLen = 6;
        var block = new DecoderBlock(DModel, NumHeads, DFF, seed: 21, Activation.Gelu, norm);
        var x = Matrix.RandomNormal(seqLen, DModel, seed: 22);
        var memory = Matrix.RandomNormal(4, DModel, seed: 23);
        var padding = Mask.KeyPadding(seqLen, [true, true, true, true, true, false]);
        var output = block.Forward(x, memory, padding).Output;

        for (int changedAt = 1; changedAt < seqLen - 1; changedAt++)
        {
            var changed = x.Clone();
            Matrix.RandomNormal(1, DModel, seed: 100 + changedAt, std: 3f).Data.CopyTo(changed.Data, changedAt * DModel);
            var changedOutput = block.Forward(changed, memory, padding).Output;
            Assert.Equal(output.SliceRows(0, changedAt).Data, changedOutput.SliceRows(0, changedAt).Data); // bit for bit
            Assert.True(output.SliceRows(changedAt, 1).MaxAbsDifference(changedOutput.SliceRows(changedAt, 1)) > 1e-4f);
        }
    }

    [Fact]
    public void A_padding_self_mask_is_ANDed_with_causal_unless_the_caller_opts_out()
    {
        var block = new DecoderBlock(DModel, NumHeads, DFF, seed: 24);
        var x = Matrix.RandomNormal(5, DModel, seed: 25);
        var memory = Matrix.RandomNormal(3, DModel, seed: 26);
        var padding = Mask.Padding(5, 5, validKeys: 4);

        var combined = block.Forward(x, memory, padding);
        Assert.Equal(block.Forward(x, memory, Mask.Causal(5).And(padding), causal: false).Output.Data, combined.Output.Data);
        for (int h = 0; h < NumHeads; h++)
            for (int t = 0; t < 5; t++)
                for (int s = 0; s < 5; s++)
                    if (s > t || s == 4) Assert.Equal(0f, combined.SelfAttentionWeights[h, t, s]);

        var optedOut = block.Forward(x, memory, padding, causal: false);
        Assert.True(optedOut.SelfAttentionWeights[0, 0, 3] > 0f); // position 0 sees position 3: no causal mask
        Assert.Equal(0f, optedOut.SelfAttentionWeights[0, 0, 4]); // padding still applies
    }

    [Fact]
    public void A_memory_mask_hides_the_masked_source_positions()
    {
        var block = new DecoderBlock(DModel, NumHeads, DFF, seed: 11, norm: NormPlacement.PreNorm);
        var x = Matrix.RandomNormal(3, DModel, seed: 12);
        var memory = Matrix.RandomNormal(5, DModel, seed: 13);
        var changed = memory.Clone();
        changed.Row(4).Fill(9f);
        var memoryMask = Mask.Padding(3, 5, validKeys: 4);
        var a = block.Forward(x, memory, memoryMask: memoryMask);
        var b = block.Forward(x, changed, memoryMask: memoryMask);
        Assert.True(a.Output.MaxAbsDifference(b.Output) < 1e-6f);
        for (int head = 0; head < NumHeads; head++)
            for (int t = 0; t < 3; t++) Assert.Equal(0f, a.CrossAttentionWeights[head, t, 4]);
        Assert.True(block.Forward(x, changed).Output.MaxAbsDifference(a.Output) > 1e-3f);
    }

    [Fact]
    public void Seeded_block_is_reproducible_and_uses_the_requested_sizes()
    {
        var a = new DecoderBlock(DModel, NumHeads, DFF, seed: 14, Activation.Gelu, NormPlacement.PreNorm);
        var b = new DecoderBlock(DModel, NumHeads, DFF, seed: 14, Activation.Gelu, NormPlacement.PreNorm);
        Assert.Equal(NumHeads, a.CrossAttention.NumHeads);
        Assert.Equal(DFF, a.FeedForward.DFF);
        Assert.Equal(NormPlacement.PreNorm, a.Norm);
        Assert.Equal(DModel, a.Norm3.DModel);
        Assert.NotEqual(a.SelfAttention.WQ.Weight.Data, a.CrossAttention.WQ.Weight.Data);
        var x = Matrix.RandomNormal(3, DModel, seed: 1);
        var memory = Matrix.RandomNormal(2, DModel, seed: 2);
        Assert.Equal(a.Forward(x, memory).Output.Data, b.Forward(x, memory).Output.Data);
    }

    [Fact]
    public void Bad_input_throws_naming_the_parameter_and_shapes()
    {
        Assert.Equal("dModel", Assert.Throws<ArgumentOutOfRangeException>(() => new DecoderBlock(0, 2, 8, 1)).ParamName);
        Assert.Equal("numHeads", Assert.Throws<ArgumentOutOfRangeException>(() => new DecoderBlock(8, 0, 8, 1)).ParamName);
        Assert.Equal("dFF", Assert.Throws<ArgumentOutOfRangeException>(() => new DecoderBlock(8, 2, -1, 1)).ParamName);
        Assert.Equal("numHeads", Assert.Throws<ArgumentException>(() => new DecoderBlock(9, 2, 8, 1)).ParamName);
        Assert.Equal("norm", Assert.Throws<ArgumentOutOfRangeException>(() => new DecoderBlock(8, 2, 8, 1, norm: (NormPlacement)3)).ParamName);

        var attention = new MultiHeadAttention(8, 2, seed: 1);
        var feedForward = new FeedForward(8, 16, seed: 2);
        var norm = new LayerNorm(8);
        Assert.Equal("selfAttention", Assert.Throws<ArgumentNullException>(() => new DecoderBlock(null!, attention, feedForward, norm, norm, norm)).ParamName);
        Assert.Equal("crossAttention", Assert.Throws<ArgumentNullException>(() => new DecoderBlock(attention, null!, feedForward, norm, norm, norm)).ParamName);
        Assert.Equal("feedForward", Assert.Throws<ArgumentNullException>(() => new DecoderBlock(attention, attention, null!, norm, norm, norm)).ParamName);
        Assert.Equal("norm1", Assert.Throws<ArgumentNullException>(() => new DecoderBlock(attention, attention, feedForward, null!, norm, norm)).ParamName);
        Assert.Equal("norm2", Assert.Throws<ArgumentNullException>(() => new DecoderBlock(attention, attention, feedForward, norm, null!, norm)).ParamName);
        Assert.Equal("norm3", Assert.Throws<ArgumentNullException>(() => new DecoderBlock(attention, attention, feedForward, norm, norm, null!)).ParamName);
        var cross = Assert.Throws<ArgumentException>(() => new DecoderBlock(attention, new MultiHeadAttention(4, 2, seed: 3), feedForward, norm, norm, norm));
        Assert.Equal("crossAttention", cross.ParamName);
        TestData.AssertMessageContains(cross, "dModel = 4", "dModel = 8");
        Assert.Equal("feedForward", Assert.Throws<ArgumentException>(() => new DecoderBlock(attention, attention, new FeedForward(4, 8, 1), norm, norm, norm)).ParamName);
        Assert.Equal("norm3", Assert.Throws<ArgumentException>(() => new DecoderBlock(attention, attention, feedForward, norm, norm, new LayerNorm(6))).ParamName);

        var block = new DecoderBlock(8, 2, 16, seed: 1);
        var x = new Matrix(3, 8);
        var memory = new Matrix(5, 8);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => block.Forward(null!, memory)).ParamName);
        Assert.Equal("memory", Assert.Throws<ArgumentNullException>(() => block.Forward(x, null!)).ParamName);
        TestData.AssertMessageContains(Assert.Throws<ArgumentException>(() => block.Forward(new Matrix(3, 7), memory)), "x is (3, 7)", "dModel = 8");
        var wideMemory = Assert.Throws<ArgumentException>(() => block.Forward(x, new Matrix(5, 9)));
        Assert.Equal("memory", wideMemory.ParamName);
        TestData.AssertMessageContains(wideMemory, "memory is (5, 9)", "dModel = 8");
        var selfMask = Assert.Throws<ArgumentException>(() => block.Forward(x, memory, Mask.Causal(5)));
        Assert.Equal("selfMask", selfMask.ParamName);
        TestData.AssertMessageContains(selfMask, "selfMask is (5, 5)", "x is (3, 8)");
        var memoryMask = Assert.Throws<ArgumentException>(() => block.Forward(x, memory, memoryMask: Mask.None(3, 4)));
        Assert.Equal("memoryMask", memoryMask.ParamName);
        TestData.AssertMessageContains(memoryMask, "memoryMask is (3, 4)", "memory is (5, 8)", "(3, 5)");
    }
}
