using Attention;

namespace Attention.Tests;

/// <summary>
/// Extreme but representable sizes, up to overflow: every public member that computes an element count must throw
/// <see cref="ArgumentOutOfRangeException"/> naming its parameter and the shape when the count exceeds
/// <see cref="Array.MaxLength"/>, never wrap round (65536² = 2³² wraps to 0 in int), never leak
/// IndexOutOfRange/Overflow/OutOfMemory, and never allocate the impossible array. None of these tests allocates more
/// than a few MB: the shapes fail before any allocation.
/// </summary>
public class SizeBoundaryTests
{
    public static TheoryData<int, int> TooLargeShapes => new()
    {
        { 65536, 65536 },       // 2³² elements: wraps to 0 unchecked
        { 100000, 100000 },     // 10¹⁰: wraps to 1 410 065 408, a wrong positive length
        { 46341, 46341 },       // the smallest square above Array.MaxLength
        { 1, int.MaxValue },    // int.MaxValue > Array.MaxLength
        { int.MaxValue, int.MaxValue },
    };

    private static void AssertTooLarge(Action action, string paramName, string shape)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(action);
        Assert.Equal(paramName, ex.ParamName);
        TestData.AssertMessageContains(ex, shape, "more than one array can hold");
    }

    private static string Shape(int rows, int cols) => $"({rows}, {cols})";

    [Theory]
    [MemberData(nameof(TooLargeShapes))]
    public void Matrix_constructors_and_factories_refuse_shapes_whose_element_count_exceeds_an_array(int rows, int cols)
    {
        AssertTooLarge(() => new Matrix(rows, cols), "cols", Shape(rows, cols));
        AssertTooLarge(() => new Matrix(rows, cols, []), "cols", Shape(rows, cols));
        AssertTooLarge(() => new Matrix(rows, cols, new float[16]), "cols", Shape(rows, cols));
        AssertTooLarge(() => Matrix.Zeros(rows, cols), "cols", Shape(rows, cols));
        AssertTooLarge(() => Matrix.RandomNormal(rows, cols, seed: 1), "cols", Shape(rows, cols));
        AssertTooLarge(() => Matrix.RandomUniform(rows, cols, seed: 1), "cols", Shape(rows, cols));
    }

    [Fact]
    public void A_matrix_over_an_array_of_the_wrong_length_is_refused()
    {
        foreach (int length in new[] { 0, 5, 7, 12 })
        {
            var ex = Assert.Throws<ArgumentException>(() => new Matrix(2, 3, new float[length]));
            Assert.Equal("data", ex.ParamName);
            TestData.AssertMessageContains(ex, $"data has length {length}", "(2, 3)", "exactly 6");
        }
    }

    [Theory]
    [InlineData(46341)]
    [InlineData(65536)]
    [InlineData(100000)]
    [InlineData(int.MaxValue)]
    public void Identity_and_square_masks_refuse_n_whose_square_exceeds_an_array(int n)
    {
        AssertTooLarge(() => Matrix.Identity(n), "n", Shape(n, n));
        AssertTooLarge(() => Mask.Causal(n), "seqLen", Shape(n, n));
        AssertTooLarge(() => Mask.Causal(n, n), "keys", Shape(n, n));
        AssertTooLarge(() => Mask.CausalTopLeft(n, n), "keys", Shape(n, n));
        AssertTooLarge(() => Mask.None(n, n), "keys", Shape(n, n));
        AssertTooLarge(() => Mask.Padding(n, n, validKeys: 1), "keys", Shape(n, n));
        AssertTooLarge(() => Mask.PaddingFromLengths([1, 2], n), "seqLen", Shape(n, n));
    }

    [Fact]
    public void Jagged_rows_whose_total_exceeds_an_array_are_refused_before_copying()
    {
        // 65536 references to one 256 KB row: cheap to build, 2³² elements to copy.
        var floatRow = new float[65536];
        var boolRow = new bool[65536];
        AssertTooLarge(() => Matrix.FromRows(Enumerable.Repeat(floatRow, 65536).ToArray()), "rows", Shape(65536, 65536));
        AssertTooLarge(() => Mask.FromRows(Enumerable.Repeat(boolRow, 65536).ToArray()), "rows", Shape(65536, 65536));
        AssertTooLarge(() => Mask.KeyPadding(65536, boolRow), "keep", Shape(65536, 65536));
    }

    [Theory]
    [MemberData(nameof(TooLargeShapes))]
    public void Positional_tables_and_ALiBi_refuse_shapes_whose_element_count_exceeds_an_array(int rows, int cols)
    {
        AssertTooLarge(() => PositionalEncoding.Sinusoidal(rows, cols), "dModel", Shape(rows, cols));
        AssertTooLarge(() => new LearnedPositionalEncoding(rows, cols, seed: 1), "dModel", Shape(rows, cols));
        if (rows <= cols)
        {
            AssertTooLarge(() => Alibi.Bias(rows, cols, slope: 0.5f), "keys", Shape(rows, cols));
            AssertTooLarge(() => Alibi.Bias(rows, cols, numHeads: 8), "keys", Shape(rows, cols));
        }
    }

    [Fact]
    public void ALiBi_slopes_refuse_a_head_count_longer_than_an_array()
    {
        AssertTooLarge(() => Alibi.Slopes(int.MaxValue), "numHeads", $"({int.MaxValue})");
    }

    [Theory]
    [MemberData(nameof(TooLargeShapes))]
    public void Layer_constructors_refuse_weight_shapes_whose_element_count_exceeds_an_array(int rows, int cols)
    {
        AssertTooLarge(() => new Linear(rows, cols, seed: 1), "outFeatures", Shape(rows, cols));
        AssertTooLarge(() => new Embedding(rows, cols, seed: 1), "dModel", Shape(rows, cols));
        AssertTooLarge(() => new FeedForward(rows, cols, seed: 1), "dFF", Shape(rows, cols));
    }

    [Theory]
    [InlineData(65536)]
    [InlineData(100000)]
    [InlineData(1 << 30)]
    public void Attention_layers_and_blocks_refuse_a_model_width_whose_projection_exceeds_an_array(int dModel)
    {
        AssertTooLarge(() => new MultiHeadAttention(dModel, numHeads: 8, seed: 1), "dModel", Shape(dModel, dModel));
        AssertTooLarge(() => new EncoderBlock(dModel, numHeads: 8, dFF: 4, seed: 1), "dModel", Shape(dModel, dModel));
        AssertTooLarge(() => new DecoderBlock(dModel, numHeads: 8, dFF: 4, seed: 1), "dModel", Shape(dModel, dModel));
    }

    [Fact]
    public void LayerNorm_refuses_a_width_longer_than_an_array()
    {
        AssertTooLarge(() => new LayerNorm(int.MaxValue), "dModel", $"({int.MaxValue})");
    }

    [Fact]
    public void Products_whose_result_exceeds_an_array_are_refused_before_allocating_it()
    {
        // (65536, 1) x (1, 65536): both factors are 256 KB, the product would hold 2³² elements.
        var column = new Matrix(65536, 1);
        var row = new Matrix(1, 65536);
        AssertTooLarge(() => Ops.MatMul(column, row), "b", Shape(65536, 65536));
        AssertTooLarge(() => Ops.MatMulTransposed(column, column), "b", Shape(65536, 65536));
        AssertTooLarge(() => Naive.MatMul(column, row), "b", Shape(65536, 65536));
        AssertTooLarge(() => Naive.MatMulTransposed(column, column), "b", Shape(65536, 65536));
        AssertTooLarge(() => Ops.CosineSimilarity(column), "x", Shape(65536, 65536));
    }

    [Fact]
    public void Attention_whose_score_matrix_exceeds_an_array_is_refused_before_allocating_it()
    {
        var queries = new Matrix(65536, 8);
        AssertTooLarge(() => Ops.ScaledDotProductAttention(queries, queries, queries), "keys", Shape(65536, 65536));
        AssertTooLarge(() => Naive.ScaledDotProductAttention(queries, queries, queries), "keys", Shape(65536, 65536));
        AssertTooLarge(() => new MultiHeadAttention(8, 2, seed: 1).Forward(queries), "keys", Shape(65536, 65536));
    }

    [Fact]
    public void Merging_heads_wider_than_an_array_is_refused_and_so_is_copying_a_huge_tensor()
    {
        var head = new Matrix(1, 65536);
        var heads = new Tensor3(Enumerable.Repeat(head, 65536).ToArray()); // (65536, 1, 65536), one shared 256 KB slice
        AssertTooLarge(() => MultiHeadAttention.MergeHeads(heads), "heads", Shape(65536, 65536));
        var ex = Assert.Throws<InvalidOperationException>(() => heads.ToArray());
        TestData.AssertMessageContains(ex, "(65536, 1, 65536)", "more than one array can hold");
    }

    [Theory]
    [InlineData(1, int.MaxValue, "count")]
    [InlineData(2, int.MaxValue - 1, "count")] // start + count = int.MaxValue + 1 wraps to int.MinValue unchecked
    [InlineData(0, 0, "count")]
    [InlineData(0, 4, "count")]
    [InlineData(-1, 1, "start")]
    [InlineData(int.MaxValue, 1, "start")]
    [InlineData(int.MinValue, int.MaxValue, "start")]
    public void Slicing_names_the_bad_argument_and_never_overflows(int start, int count, string paramName)
    {
        var m = new Matrix(3, 3);
        var rows = Assert.Throws<ArgumentOutOfRangeException>(() => m.SliceRows(start, count));
        Assert.Equal(paramName, rows.ParamName);
        TestData.AssertMessageContains(rows, "(3, 3)");
        var cols = Assert.Throws<ArgumentOutOfRangeException>(() => m.SliceCols(start, count));
        Assert.Equal(paramName, cols.ParamName);
        TestData.AssertMessageContains(cols, "(3, 3)");
    }

    [Fact]
    public void The_largest_slices_are_accepted()
    {
        var m = Matrix.RandomUniform(3, 4, seed: 1);
        Assert.Equal(m.Data, m.SliceRows(0, 3).Data);
        Assert.Equal(m.Data, m.SliceCols(0, 4).Data);
        Assert.Equal(m.Row(2).ToArray(), m.SliceRows(2, 1).Data);
    }

    [Fact]
    public void RoPE_at_positions_past_int_MaxValue_rotates_by_the_true_position_not_a_wrapped_one()
    {
        var x = Matrix.FromRows([1f, 0f], [1f, 0f]);
        var rotated = Rope.Apply(x, startPosition: int.MaxValue);
        // Row 1 sits at position 2³¹; pair 0 turns by θ = position (frequency 1).
        foreach (var (row, position) in new[] { (0, (double)int.MaxValue), (1, 2147483648.0) })
        {
            var (sin, cos) = Math.SinCos(position);
            Assert.Equal((float)cos, rotated[row, 0], 1e-6f);
            Assert.Equal((float)sin, rotated[row, 1], 1e-6f);
        }
    }
}
