using Attention;
using Attention.Kernels;

namespace Attention.Tests;

/// <summary>
/// The entry checks of the unsafe kernels (<see cref="Gemm.Multiply"/>, <see cref="FusedAttention.Run"/>): an array
/// shorter than the shape arguments require throws <see cref="ArgumentException"/> naming it, with the required and the
/// actual length, before any unchecked access; an array exactly as long as required (or longer, as a pooled buffer is)
/// still gives the naive reference's result.
/// </summary>
public class KernelGuardTests
{
    private static void AssertTooShort(Action call, string name, long required, long actual)
    {
        // Exactly ArgumentException: the span slicing inside the kernels would throw ArgumentOutOfRangeException instead.
        var e = Assert.Throws<ArgumentException>(call);
        Assert.Equal(name, e.ParamName);
        TestData.AssertMessageContains(e, $"{name} has {actual} elements", $"at least {required}");
    }

    public static TheoryData<string> Paths() =>
        new(nameof(Gemm.Path.Vector512), nameof(Gemm.Path.Vector256), nameof(Gemm.Path.Vector128), nameof(Gemm.Path.Scalar));

    [Theory]
    [MemberData(nameof(Paths))]
    public void Gemm_rejects_each_array_one_element_too_short_naming_it_and_both_lengths(string pathName)
    {
        var path = Enum.Parse<Gemm.Path>(pathName);
        const int m = 13, k = 21, n = 35;
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        float[] Short(float[] x) => new float[x.Length - 1];

        foreach (bool transposed in new[] { false, true })
        {
            AssertTooShort(() => Gemm.Multiply(Short(a), b, c, m, k, n, transposed, path), "a", m * k, m * k - 1);
            AssertTooShort(() => Gemm.Multiply(a, Short(b), c, m, k, n, transposed, path), "b", k * n, k * n - 1);
            AssertTooShort(() => Gemm.Multiply(a, b, Short(c), m, k, n, transposed, path), "c", m * n, m * n - 1);
        }
    }

    [Fact]
    public void Gemm_rejects_negative_sizes_and_counts_huge_ones_without_wrapping_round()
    {
        var tiny = new float[16];
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(tiny, tiny, tiny, 2, -1, 2, false)).ParamName);

        // 65536 · 65536 wraps to 0 in 32-bit arithmetic; counted in 64 bits it is far more than 16 elements.
        AssertTooShort(() => Gemm.Multiply(tiny, tiny, tiny, 65536, 65536, 1, bTransposed: false), "a", 65536L * 65536, 16);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Gemm_with_arrays_exactly_as_long_or_longer_than_required_matches_the_naive_product(string pathName)
    {
        var path = Enum.Parse<Gemm.Path>(pathName);
        const int m = 13, k = 21, n = 35;
        var a = TestData.Random(m, k, seed: 1);
        var b = TestData.Random(k, n, seed: 2);
        var expected = Naive.MatMul(a, b);
        var exact = new float[m * n];
        var longer = Enumerable.Repeat(7f, m * n + 50).ToArray();   // like a pooled buffer; its tail must stay untouched

        Gemm.Multiply(a.Data, b.Data, exact, m, k, n, bTransposed: false, path);
        Gemm.Multiply([.. a.Data, 0f, 0f], b.Transpose().Data, longer, m, k, n, bTransposed: true, path);

        float tolerance = TestData.ProductTolerance(k, a, b);
        TestData.AssertClose(expected, new Matrix(m, n, exact), tolerance, $"{path} exact");
        TestData.AssertClose(expected, new Matrix(m, n, longer[..(m * n)]), tolerance, $"{path} longer");
        Assert.All(longer[(m * n)..], x => Assert.Equal(7f, x));
    }

    /// <summary>
    /// Head h of a (rows, heads·width) matrix as the multi-head layer passes it: offset h·width, stride heads·width. Its
    /// array is cut to exactly offset + (rows − 1)·stride + width elements, minus <paramref name="shortBy"/>.
    /// </summary>
    private static View HeadView(Matrix full, int head, int width, int shortBy = 0)
    {
        int offset = head * width, stride = full.Cols;
        int required = offset + (full.Rows - 1) * stride + width;
        return new View(full.Data[..(required - shortBy)], offset, stride);
    }

    // dV = 32 is a whole number of panels on every path, so V is read in place through unchecked references.
    private const int SeqLenQ = 70, SeqLenK = 150, DK = 24, DV = 32, Heads = 3, LastHead = Heads - 1;

    private static (Matrix Q, Matrix K, Matrix V, Matrix Bias) Inputs() => (
        TestData.Random(SeqLenQ, Heads * DK, seed: 11), TestData.Random(SeqLenK, Heads * DK, seed: 12),
        TestData.Random(SeqLenK, Heads * DV, seed: 13), TestData.Random(SeqLenQ, SeqLenK, seed: 14));

    [Theory]
    [MemberData(nameof(Paths))]
    public void Fused_attention_on_head_views_cut_to_the_exact_length_matches_the_naive_reference(string pathName)
    {
        var path = Enum.Parse<Gemm.Path>(pathName);
        var (q, k, v, bias) = Inputs();
        var mask = Mask.Causal(SeqLenQ, SeqLenK);
        View output = HeadView(new Matrix(SeqLenQ, Heads * DV), LastHead, DV);   // a cut copy: read the result from it
        float[] rowMax = new float[SeqLenQ + 5], rowSum = new float[SeqLenQ + 5];

        FusedAttention.Run(HeadView(q, LastHead, DK), HeadView(k, LastHead, DK), HeadView(v, LastHead, DV),
            SeqLenQ, SeqLenK, DK, DV, 0.3f, KeyRanges.From(mask), View.Of(bias), output,
            rowMax, rowSum, statsOffset: 5, path: path);

        var naive = Naive.ScaledDotProductAttention(q.SliceCols(LastHead * DK, DK), k.SliceCols(LastHead * DK, DK),
            v.SliceCols(LastHead * DV, DV), mask, 0.3f, bias);
        var head = new Matrix(SeqLenQ, DV);
        for (int t = 0; t < SeqLenQ; t++) output.Row(t, 0, DV).CopyTo(head.Row(t));
        // The fused kernel's fast exp is within 2 ulp and it sums in float: 2e-6 on outputs of size ~1, as in FusedAttentionTests.
        TestData.AssertClose(naive.Output, head, 2e-6f, pathName);
        Assert.All(rowSum[5..], l => Assert.True(l >= 1f, $"row sum {l} < 1: the row's maximum contributes e⁰ = 1"));
    }

    [Fact]
    public void Fused_attention_rejects_each_view_one_element_too_short_naming_it_and_both_lengths()
    {
        var (q, k, v, bias) = Inputs();
        var output = new Matrix(SeqLenQ, Heads * DV);
        View Q(int s = 0) => HeadView(q, LastHead, DK, s);
        View K(int s = 0) => HeadView(k, LastHead, DK, s);
        View V(int s = 0) => HeadView(v, LastHead, DV, s);
        View O(int s = 0) => HeadView(output, LastHead, DV, s);
        View B(int s = 0) => new(bias.Data[..(bias.Data.Length - s)], 0, SeqLenK);
        void Run(View qv, View kv, View vv, View bv, View ov, float[]? rowMax = null, int statsOffset = 0) =>
            FusedAttention.Run(qv, kv, vv, SeqLenQ, SeqLenK, DK, DV, 0.3f, null, bv, ov, rowMax, null, statsOffset);
        long Need(Matrix full, int width) => LastHead * width + (full.Rows - 1L) * full.Cols + width;

        AssertTooShort(() => Run(Q(1), K(), V(), B(), O()), "q", Need(q, DK), Need(q, DK) - 1);
        AssertTooShort(() => Run(Q(), K(1), V(), B(), O()), "k", Need(k, DK), Need(k, DK) - 1);
        AssertTooShort(() => Run(Q(), K(), V(1), B(), O()), "v", Need(v, DV), Need(v, DV) - 1);
        AssertTooShort(() => Run(Q(), K(), V(), B(1), O()), "bias", SeqLenQ * SeqLenK, SeqLenQ * SeqLenK - 1);
        AssertTooShort(() => Run(Q(), K(), V(), B(), O(1)), "output", Need(output, DV), Need(output, DV) - 1);
        AssertTooShort(() => Run(Q(), K(), V(), B(), O(), new float[SeqLenQ + 2], statsOffset: 3), "rowMax", SeqLenQ + 3, SeqLenQ + 2);
    }

    [Fact]
    public void Fused_attention_rejects_bad_offsets_strides_sizes_and_ranges_of_other_shapes()
    {
        var (q, k, v, _) = Inputs();
        var output = new Matrix(SeqLenQ, Heads * DV);
        void Run(View qv, int seqLenQ = SeqLenQ, KeyRanges? ranges = null, int statsOffset = 0) =>
            FusedAttention.Run(qv, HeadView(k, 0, DK), HeadView(v, 0, DV), seqLenQ, SeqLenK, DK, DV, 0.3f, ranges, null,
                HeadView(output, 0, DV), new float[SeqLenQ], null, statsOffset);

        var negativeOffset = Assert.Throws<ArgumentException>(() => Run(new View(q.Data, -1, q.Cols)));
        Assert.Equal("q", negativeOffset.ParamName);
        var overlappingRows = Assert.Throws<ArgumentException>(() => Run(new View(q.Data, 0, DK - 1)));
        TestData.AssertMessageContains(overlappingRows, "stride 23", $"stride ≥ {DK}");
        Assert.Equal("seqLenQ", Assert.Throws<ArgumentOutOfRangeException>(() => Run(HeadView(q, 0, DK), seqLenQ: -1)).ParamName);
        Assert.Equal("statsOffset", Assert.Throws<ArgumentOutOfRangeException>(() => Run(HeadView(q, 0, DK), statsOffset: -1)).ParamName);

        // Ranges of a (70, 149) mask would let the last query block read past the packed keys of a 150-key call's panels.
        var otherShape = KeyRanges.From(Mask.Causal(SeqLenQ, SeqLenK - 1));
        var e = Assert.Throws<ArgumentException>(() => Run(HeadView(q, 0, DK), ranges: otherShape));
        Assert.Equal("ranges", e.ParamName);
        TestData.AssertMessageContains(e, $"({SeqLenQ}, {SeqLenK - 1})", $"({SeqLenQ}, {SeqLenK})");
    }
}
