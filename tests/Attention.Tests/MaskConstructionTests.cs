using Attention;

namespace Attention.Tests;

/// <summary>The ways to build a mask beyond bool[,]: jagged rows, a per-key keep vector, and PyTorch's top-left causal alignment.</summary>
public class MaskConstructionTests
{
    [Fact]
    public void FromRows_equals_FromArray_of_the_same_values()
    {
        var fromRows = Mask.FromRows([true, false, true], [false, false, true]);
        var expected = new bool[,] { { true, false, true }, { false, false, true } };
        Assert.Equal(expected, fromRows.ToArray());
        Assert.Equal(Mask.FromArray(expected).ToArray(), fromRows.ToArray());
    }

    [Fact]
    public void FromRows_refuses_ragged_empty_and_null_rows_naming_rows()
    {
        var ragged = Assert.Throws<ArgumentException>(() => Mask.FromRows([true, true], [true]));
        Assert.Equal("rows", ragged.ParamName);
        TestData.AssertMessageContains(ragged, "rows[1] has length 1", "rows[0] has length 2");
        Assert.Equal("rows", Assert.Throws<ArgumentException>(() => Mask.FromRows()).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentException>(() => Mask.FromRows([])).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentException>(() => Mask.FromRows([true], null!)).ParamName);
    }

    [Fact]
    public void KeyPadding_lets_every_query_see_exactly_the_kept_keys()
    {
        bool[] keep = [true, false, true, true, false];
        var mask = Mask.KeyPadding(3, keep);
        Assert.Equal((3, 5), mask.Shape);
        for (int t = 0; t < 3; t++)
            Assert.Equal(keep, mask.Row(t).ToArray());
        keep[0] = false; // copied, not held
        Assert.True(mask[0, 0]);
    }

    [Fact]
    public void KeyPadding_of_a_prefix_equals_Padding_and_is_the_negation_of_torch_key_padding_mask()
    {
        Assert.Equal(Mask.Padding(4, 6, validKeys: 4).ToArray(), Mask.KeyPadding(4, [true, true, true, true, false, false]).ToArray());
        // torch: key_padding_mask[s] = True means "padding, ignore".
        bool[] torchKeyPaddingMask = [false, true, false];
        var ours = Mask.KeyPadding(2, torchKeyPaddingMask.Select(ignore => !ignore).ToArray());
        Assert.Equal(new bool[,] { { true, false, true }, { true, false, true } }, ours.ToArray());
    }

    [Fact]
    public void KeyPadding_refuses_an_empty_keep_and_a_non_positive_query_count()
    {
        Assert.Equal("keep", Assert.Throws<ArgumentException>(() => Mask.KeyPadding(2, [])).ParamName);
        Assert.Equal("keep", Assert.Throws<ArgumentNullException>(() => Mask.KeyPadding(2, null!)).ParamName);
        Assert.Equal("queries", Assert.Throws<ArgumentOutOfRangeException>(() => Mask.KeyPadding(0, [true])).ParamName);
    }

    [Fact]
    public void CausalTopLeft_aligns_query_t_with_key_t_like_torch_is_causal()
    {
        // torch.ones(L, S, dtype=torch.bool).tril(diagonal=0), written out by hand for L = 2, S = 4 and L = 4, S = 2.
        Assert.Equal(new bool[,]
        {
            { true, false, false, false },
            { true, true, false, false },
        }, Mask.CausalTopLeft(2, 4).ToArray());
        Assert.Equal(new bool[,]
        {
            { true, false },
            { true, true },
            { true, true },
            { true, true },
        }, Mask.CausalTopLeft(4, 2).ToArray());
    }

    [Fact]
    public void Causal_aligns_bottom_right_for_a_KV_cache_and_agrees_with_top_left_only_when_square()
    {
        // Two new queries after two cached keys: query 0 is position 2, query 1 is position 3.
        Assert.Equal(new bool[,]
        {
            { true, true, true, false },
            { true, true, true, true },
        }, Mask.Causal(2, 4).ToArray());
        Assert.NotEqual(Mask.Causal(2, 4).ToArray(), Mask.CausalTopLeft(2, 4).ToArray());
        for (int n = 1; n <= 6; n++)
            Assert.Equal(Mask.Causal(n).ToArray(), Mask.CausalTopLeft(n, n).ToArray());
    }
}
