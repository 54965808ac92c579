using Attention;

namespace Attention.Tests;

public class MaskTests
{
    [Fact]
    public void Causal_mask_of_length_4_is_lower_triangular()
    {
        var expected = new[,]
        {
            { true, false, false, false },
            { true, true, false, false },
            { true, true, true, false },
            { true, true, true, true },
        };

        Assert.Equal(expected, Mask.Causal(4).ToArray());
    }

    [Fact]
    public void Rectangular_causal_mask_places_the_queries_at_the_end_of_the_keys()
    {
        // 2 queries are positions 3 and 4 of 5 keys: query 0 sees keys 0..3, query 1 sees keys 0..4.
        var expected = new[,]
        {
            { true, true, true, true, false },
            { true, true, true, true, true },
        };

        Assert.Equal(expected, Mask.Causal(2, 5).ToArray());
    }

    [Fact]
    public void Rectangular_causal_mask_rejects_more_queries_than_keys_naming_both_counts()
    {
        var ex = Assert.Throws<ArgumentException>(() => Mask.Causal(5, 3));

        Assert.Equal("queries", ex.ParamName);
        TestData.AssertMessageContains(ex, "queries is 5", "keys is 3");
    }

    [Fact]
    public void Padding_mask_allows_only_the_first_valid_keys_in_every_row()
    {
        var expected = new[,]
        {
            { true, true, false },
            { true, true, false },
        };

        Assert.Equal(expected, Mask.Padding(2, 3, validKeys: 2).ToArray());
    }

    [Fact]
    public void Padding_mask_rejects_more_valid_keys_than_keys()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Mask.Padding(2, 3, validKeys: 4));

        Assert.Equal("validKeys", ex.ParamName);
        TestData.AssertMessageContains(ex, "[0, 3]", "4");
    }

    [Fact]
    public void PaddingFromLengths_gives_one_square_padding_mask_per_sequence()
    {
        var masks = Mask.PaddingFromLengths([3, 1], seqLen: 3);

        Assert.Equal(2, masks.Length);
        Assert.Equal(Mask.None(3, 3).ToArray(), masks[0].ToArray());
        Assert.Equal(new[,] { { true, false, false }, { true, false, false }, { true, false, false } }, masks[1].ToArray());
    }

    [Fact]
    public void PaddingFromLengths_names_the_offending_length()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Mask.PaddingFromLengths([2, 7], seqLen: 4));

        Assert.Equal("lengths", ex.ParamName);
        TestData.AssertMessageContains(ex, "lengths[1] is 7", "[0, 4]");
        Assert.Throws<ArgumentException>(() => Mask.PaddingFromLengths([], seqLen: 4));
    }

    [Fact]
    public void And_allows_only_where_both_masks_allow()
    {
        var combined = Mask.Causal(3).And(Mask.Padding(3, 3, validKeys: 2));

        Assert.Equal(new[,] { { true, false, false }, { true, true, false }, { true, true, false } }, combined.ToArray());
    }

    [Fact]
    public void And_names_other_and_both_shapes_when_they_differ()
    {
        var ex = Assert.Throws<ArgumentException>(() => Mask.Causal(3).And(Mask.None(3, 4)));

        Assert.Equal("other", ex.ParamName);
        TestData.AssertMessageContains(ex, "other is (3, 4)", "(3, 3)");
    }

    [Fact]
    public void FromArray_and_ToArray_round_trip()
    {
        var allowed = new[,] { { true, false, true }, { false, false, true } };

        var mask = Mask.FromArray(allowed);

        Assert.Equal(allowed, mask.ToArray());
        Assert.Equal((2, 3), mask.Shape);
        Assert.False(mask[1, 0]);
        Assert.True(mask[1, 2]);
        Assert.Equal([false, false, true], mask.Row(1).ToArray());
    }

    [Fact]
    public void FromArray_rejects_an_empty_array_naming_its_shape()
    {
        var ex = Assert.Throws<ArgumentException>(() => Mask.FromArray(new bool[0, 3]));

        Assert.Equal("allowed", ex.ParamName);
        TestData.AssertMessageContains(ex, "(0, 3)");
    }

    [Fact]
    public void ToBias_is_zero_where_allowed_and_negative_infinity_where_blocked()
    {
        var bias = Mask.Causal(2).ToBias();

        Assert.Equal(new[,] { { 0f, float.NegativeInfinity }, { 0f, 0f } }, bias.ToArray());
    }

    [Fact]
    public void Masking_with_a_mask_equals_adding_its_bias_before_the_softmax()
    {
        var scores = Matrix.RandomNormal(4, 6, seed: 1);
        var mask = Mask.Causal(4, 6);

        Assert.Equal(Ops.Softmax(scores + mask.ToBias()).Data, Ops.Softmax(scores, mask).Data);
    }

    [Fact]
    public void Indexing_outside_the_mask_names_the_position_and_the_shape()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Mask.Causal(2)[2, 0]);

        TestData.AssertMessageContains(ex, "(2, 0)", "(2, 2)");
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(3, -1)]
    public void Factories_reject_sizes_that_are_not_positive(int queries, int keys)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Mask.None(queries, keys));
        Assert.Throws<ArgumentOutOfRangeException>(() => Mask.Causal(queries, keys));
        Assert.Throws<ArgumentOutOfRangeException>(() => Mask.Padding(queries, keys, 0));
    }

    [Fact]
    public void ToString_draws_allowed_and_blocked_entries()
    {
        string text = Mask.Causal(2).ToString();

        Assert.Contains("Mask (2, 2)", text);
        Assert.Contains("■·", text);
        Assert.Contains("■■", text);
    }
}
