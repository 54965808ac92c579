using Attention;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace Attention.Tests;

/// <summary>
/// Properties that hold for every input, checked by FsCheck on 100 generated cases each. The generators draw sizes and
/// seeds (the matrices are built from the seeds), and the FsCheck generator itself is seeded, so every run checks the
/// same cases; a failure report names the sizes and seeds to reproduce it.
/// </summary>
public class AttentionPropertiesTests
{
    private static readonly Config Fixed = Config.QuickThrowOnFailure
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20261122UL, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None)));

    private static Arbitrary<T> From<T>(Gen<T> gen) => Arb.From(gen);

    private static readonly Gen<int> Seeds = Gen.Choose(0, 1_000_000);

    [Fact]
    public void Softmax_rows_sum_to_one_and_lie_in_0_1_for_any_spread_of_logits()
    {
        var cases = from rows in Gen.Choose(1, 8)
                    from cols in Gen.Choose(1, 70)
                    from seed in Seeds
                    from std in Gen.Elements(0.01f, 1f, 30f, 1e3f, 1e4f)
                    select (rows, cols, seed, std);

        Check.One(Fixed, Prop.ForAll(From(cases), c =>
        {
            var weights = Ops.Softmax(Matrix.RandomNormal(c.rows, c.cols, c.seed, c.std));
            for (int t = 0; t < c.rows; t++)
            {
                var row = weights.Row(t).ToArray();
                Assert.All(row, w => Assert.InRange(w, 0f, 1f));
                // Each weight carries a few ulp of error; the sum of S of them stays within S·1e-7 + 1e-6 of 1.
                Assert.Equal(1.0, row.Sum(w => (double)w), c.cols * 1e-7 + 1e-6);
            }
        }));
    }

    [Fact]
    public void Softmax_is_unchanged_by_adding_a_constant_to_a_row()
    {
        var cases = from rows in Gen.Choose(1, 6)
                    from cols in Gen.Choose(1, 40)
                    from seed in Seeds
                    from shift in Gen.Choose(-1000, 1000)
                    select (rows, cols, seed, shift);

        Check.One(Fixed, Prop.ForAll(From(cases), c =>
        {
            var scores = Matrix.RandomNormal(c.rows, c.cols, c.seed, std: 3f);
            var shifted = scores.Clone();
            for (int t = 0; t < c.rows; t++)
                foreach (ref float x in shifted.Row(t)) x += c.shift * (t + 1) / (float)c.rows;

            // Adding c rounds each logit by up to (|x| + |c|)·u; that is the only source of difference.
            float tolerance = 1e-6f + 4 * (TestData.MaxAbs(scores) + Math.Abs(c.shift)) * TestData.Epsilon;
            TestData.AssertClose(Ops.Softmax(scores), Ops.Softmax(shifted), tolerance);
        }));
    }

    [Fact]
    public void Attention_agrees_with_the_naive_attention_on_generated_shapes_and_masks()
    {
        var cases = from seqLenQ in Gen.Choose(1, 20)
                    from seqLenK in Gen.Choose(1, 20)
                    from dK in Gen.Choose(1, 24)
                    from dV in Gen.Choose(1, 24)
                    from seed in Seeds
                    select (seqLenQ, seqLenK, dK, dV, seed);

        Check.One(Fixed, Prop.ForAll(From(cases), c =>
        {
            var queries = Matrix.RandomNormal(c.seqLenQ, c.dK, c.seed);
            var keys = Matrix.RandomNormal(c.seqLenK, c.dK, c.seed + 1);
            var values = Matrix.RandomNormal(c.seqLenK, c.dV, c.seed + 2);
            var random = new Random(c.seed);
            var allowed = new bool[c.seqLenQ, c.seqLenK];
            for (int t = 0; t < c.seqLenQ; t++)
                for (int s = 0; s < c.seqLenK; s++) allowed[t, s] = random.NextDouble() < 0.7;
            var mask = Mask.FromArray(allowed);

            var fast = Ops.ScaledDotProductAttention(queries, keys, values, mask);
            var naive = Naive.ScaledDotProductAttention(queries, keys, values, mask);

            TestData.AssertClose(naive.Weights, fast.Weights, 2e-6f, "weights");
            TestData.AssertClose(naive.Output, fast.Output, 1e-5f * (1 + TestData.MaxAbs(values)), "output");
        }));
    }

    [Fact]
    public void Attention_without_positions_is_permutation_equivariant()
    {
        // Shuffling the tokens shuffles the output rows the same way: attention alone cannot see order.
        var cases = from seqLen in Gen.Choose(1, 16)
                    from dModel in Gen.Choose(1, 16)
                    from seed in Seeds
                    select (seqLen, dModel, seed);

        Check.One(Fixed, Prop.ForAll(From(cases), c =>
        {
            var x = Matrix.RandomNormal(c.seqLen, c.dModel, c.seed);
            int[] permutation = TestData.RandomPermutation(c.seqLen, c.seed);
            var xPermuted = TestData.PermuteRows(x, permutation);

            var output = Ops.ScaledDotProductAttention(x, x, x).Output;
            var outputPermuted = Ops.ScaledDotProductAttention(xPermuted, xPermuted, xPermuted).Output;

            // The weighted sums add the same terms in a different order: a few ulp of each |value| per term.
            TestData.AssertClose(TestData.PermuteRows(output, permutation), outputPermuted, 1e-5f * (1 + TestData.MaxAbs(x)));
        }));
    }

    [Fact]
    public void Multi_head_attention_without_positions_is_permutation_equivariant()
    {
        var cases = from seqLen in Gen.Choose(1, 12)
                    from numHeads in Gen.Choose(1, 4)
                    from dK in Gen.Choose(1, 6)
                    from seed in Seeds
                    select (seqLen, numHeads, dK, seed);

        Check.One(Fixed, Prop.ForAll(From(cases), c =>
        {
            var layer = new MultiHeadAttention(c.numHeads * c.dK, c.numHeads, c.seed);
            var x = Matrix.RandomNormal(c.seqLen, c.numHeads * c.dK, c.seed + 7);
            int[] permutation = TestData.RandomPermutation(c.seqLen, c.seed);

            var output = layer.Forward(x).Output;
            var outputPermuted = layer.Forward(TestData.PermuteRows(x, permutation)).Output;

            TestData.AssertClose(TestData.PermuteRows(output, permutation), outputPermuted, 1e-5f);
        }));
    }

    [Fact]
    public void With_a_causal_mask_changing_future_tokens_leaves_earlier_outputs_bit_for_bit_unchanged()
    {
        var cases = from seqLen in Gen.Choose(2, 16)
                    from cut in Gen.Choose(0, 14)
                    from numHeads in Gen.Choose(1, 3)
                    from seed in Seeds
                    where cut < seqLen - 1
                    select (seqLen, cut, numHeads, seed);

        Check.One(Fixed, Prop.ForAll(From(cases), c =>
        {
            int dModel = 4 * c.numHeads;
            var layer = new MultiHeadAttention(dModel, c.numHeads, c.seed);
            var x = Matrix.RandomNormal(c.seqLen, dModel, c.seed + 1);
            var changed = x.Clone();
            var future = Matrix.RandomNormal(c.seqLen, dModel, c.seed + 2);
            for (int t = c.cut + 1; t < c.seqLen; t++) future.Row(t).CopyTo(changed.Row(t));
            var mask = Mask.Causal(c.seqLen);

            var before = layer.Forward(x, mask).Output;
            var after = layer.Forward(changed, mask).Output;
            var sdpaBefore = Ops.ScaledDotProductAttention(x, x, x, mask).Output;
            var sdpaAfter = Ops.ScaledDotProductAttention(changed, changed, changed, mask).Output;

            // A blocked key gets weight exactly 0 and 0·v adds exactly 0, so rows 0..cut are identical, not merely close.
            for (int t = 0; t <= c.cut; t++)
            {
                Assert.Equal(before.Row(t).ToArray(), after.Row(t).ToArray());
                Assert.Equal(sdpaBefore.Row(t).ToArray(), sdpaAfter.Row(t).ToArray());
            }
        }));
    }

    [Fact]
    public void One_head_multi_head_attention_equals_projected_scaled_dot_product_attention_followed_by_W_O()
    {
        var cases = from seqLenQ in Gen.Choose(1, 12)
                    from seqLenK in Gen.Choose(1, 12)
                    from dModel in Gen.Choose(1, 20)
                    from seed in Seeds
                    select (seqLenQ, seqLenK, dModel, seed);

        Check.One(Fixed, Prop.ForAll(From(cases), c =>
        {
            var layer = new MultiHeadAttention(c.dModel, numHeads: 1, c.seed);
            var queries = Matrix.RandomNormal(c.seqLenQ, c.dModel, c.seed + 1);
            var keys = Matrix.RandomNormal(c.seqLenK, c.dModel, c.seed + 2);
            var values = Matrix.RandomNormal(c.seqLenK, c.dModel, c.seed + 3);

            var single = Ops.ScaledDotProductAttention(layer.WQ.Forward(queries), layer.WK.Forward(keys), layer.WV.Forward(values));
            var expected = layer.WO.Forward(single.Output);
            var result = layer.Forward(queries, keys, values);

            TestData.AssertClose(expected, result.Output, 1e-6f);
            TestData.AssertClose(single.Weights, result.Weights[0], 1e-7f);
        }));
    }
}
