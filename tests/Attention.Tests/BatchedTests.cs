using Attention;

namespace Attention.Tests;

/// <summary>Batched (B, T, D) overloads against the same layers run sequence by sequence.</summary>
public class BatchedTests
{
    private const int Batch = 3, SeqLen = 70, DModel = 32, NumHeads = 4;

    private static Tensor3 RandomBatch(int seed, int seqLen = SeqLen) =>
        new(Enumerable.Range(0, Batch).Select(b => TestData.Random(seqLen, DModel, seed + b)).ToArray());

    [Fact]
    public void Linear_on_a_batch_equals_linear_on_each_sequence()
    {
        var layer = new Linear(DModel, 24, seed: 1);
        var x = RandomBatch(seed: 2);

        var batched = layer.Forward(x);

        Assert.Equal((Batch, SeqLen, 24), batched.Shape);
        for (int b = 0; b < Batch; b++) Assert.Equal(layer.Forward(x[b]).Data, batched[b].Data);
    }

    [Fact]
    public void Multi_head_attention_on_a_padded_batch_equals_each_sequence_alone_in_output_and_weights()
    {
        var layer = new MultiHeadAttention(DModel, NumHeads, seed: 3);
        var x = RandomBatch(seed: 4);
        Mask[] masks = Mask.PaddingFromLengths([70, 41, 5], SeqLen);

        var batched = layer.Forward(x, masks);

        Assert.Equal(Batch, batched.Count);
        for (int b = 0; b < Batch; b++)
        {
            var single = layer.Forward(x[b], masks[b]);
            Assert.Equal(single.Output.Data, batched[b].Output.Data);
            for (int h = 0; h < NumHeads; h++) Assert.Equal(single.Weights[h].Data, batched[b].Weights[h].Data);
            // Padding: no query of sequence 2 gives weight to a key past its length 5.
            if (b == 2) Assert.All(batched[b].Weights[0].Data.Where((_, i) => i % SeqLen >= 5), w => Assert.Equal(0f, w));
        }
        var naive = BlockReference.MultiHead(layer, x[1], x[1], masks[1]);
        TestData.AssertClose(naive.Output, batched[1].Output, 2e-5f);
    }

    [Fact]
    public void A_batch_without_masks_equals_unmasked_self_attention()
    {
        var layer = new MultiHeadAttention(DModel, NumHeads, seed: 5);
        var x = RandomBatch(seed: 6, seqLen: 9);

        var batched = layer.Forward(x);

        for (int b = 0; b < Batch; b++) Assert.Equal(layer.Forward(x[b]).Output.Data, batched[b].Output.Data);
    }

    [Fact]
    public void Masks_that_do_not_fit_the_batch_are_rejected_naming_the_parameter_and_shapes()
    {
        var layer = new MultiHeadAttention(DModel, NumHeads, seed: 7);
        var x = RandomBatch(seed: 8);

        var tooFew = Assert.Throws<ArgumentException>(() => layer.Forward(x, Mask.PaddingFromLengths([3, 4], SeqLen)));
        var wrongShape = Assert.Throws<ArgumentException>(() => layer.Forward(x, [null, Mask.Causal(5), null]));

        Assert.Equal("masks", tooFew.ParamName);
        TestData.AssertMessageContains(tooFew, "2 entries", x.ShapeString);
        TestData.AssertMessageContains(wrongShape, "masks[1]", "(5, 5)", "(70, 70)");
    }

    [Fact]
    public void Encoder_and_decoder_blocks_on_a_batch_equal_each_sequence_alone()
    {
        var encoder = new EncoderBlock(DModel, NumHeads, 64, seed: 9);
        var decoder = new DecoderBlock(DModel, NumHeads, 64, seed: 10);
        var x = RandomBatch(seed: 11);
        var memory = RandomBatch(seed: 12, seqLen: 20);
        Mask[] masks = Mask.PaddingFromLengths([70, 30, 12], SeqLen);

        var encoded = encoder.Forward(x, masks);
        var decoded = decoder.Forward(x, memory, masks);

        for (int b = 0; b < Batch; b++)
        {
            Assert.Equal(encoder.Forward(x[b], masks[b]).Output.Data, encoded[b].Output.Data);
            var single = decoder.Forward(x[b], memory[b], masks[b]);
            Assert.Equal(single.Output.Data, decoded[b].Output.Data);
            Assert.Equal(single.CrossAttentionWeights[1].Data, decoded[b].CrossAttentionWeights[1].Data);
        }
    }
}
