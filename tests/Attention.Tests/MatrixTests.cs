using Attention;

namespace Attention.Tests;

public class MatrixTests
{
    [Fact]
    public void FromArray_and_ToArray_round_trip_and_store_row_major()
    {
        var values = new float[,] { { 1, 2, 3 }, { 4, 5, 6 } };

        var m = Matrix.FromArray(values);

        Assert.Equal(values, m.ToArray());
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], m.Data);
        Assert.Equal((2, 3), m.Shape);
        Assert.Equal(6f, m[1, 2]);
    }

    [Fact]
    public void FromRows_copies_jagged_rows_and_rejects_ragged_ones_naming_the_row()
    {
        var m = Matrix.FromRows([1f, 2f], [3f, 4f]);
        Assert.Equal(new float[,] { { 1, 2 }, { 3, 4 } }, m.ToArray());

        var ex = Assert.Throws<ArgumentException>(() => Matrix.FromRows([1f, 2f], [3f]));
        Assert.Equal("rows", ex.ParamName);
        TestData.AssertMessageContains(ex, "rows[1] has length 1", "rows[0] has length 2");
    }

    [Fact]
    public void Constructor_rejects_data_of_the_wrong_length_naming_the_shape()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Matrix(2, 3, new float[5]));

        Assert.Equal("data", ex.ParamName);
        TestData.AssertMessageContains(ex, "length 5", "(2, 3)", "6");
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(2, -1)]
    public void Constructor_rejects_sizes_that_are_not_positive(int rows, int cols)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Matrix(rows, cols));
    }

    [Fact]
    public void Transpose_swaps_rows_and_columns()
    {
        var m = Matrix.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });

        Assert.Equal(new float[,] { { 1, 4 }, { 2, 5 }, { 3, 6 } }, m.Transpose().ToArray());
    }

    [Fact]
    public void SliceRows_and_SliceCols_copy_the_requested_block()
    {
        var m = Matrix.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 } });

        Assert.Equal(new float[,] { { 4, 5, 6 }, { 7, 8, 9 } }, m.SliceRows(1, 2).ToArray());
        Assert.Equal(new float[,] { { 2 }, { 5 }, { 8 } }, m.SliceCols(1, 1).ToArray());
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => m.SliceCols(2, 2));
        TestData.AssertMessageContains(ex, "[2, 4)", "(3, 3)");
    }

    [Fact]
    public void Arithmetic_operators_work_element_wise_and_check_shapes()
    {
        var a = Matrix.FromArray(new float[,] { { 1, 2 }, { 3, 4 } });
        var b = Matrix.FromArray(new float[,] { { 10, 20 }, { 30, 40 } });

        Assert.Equal(new float[,] { { 11, 22 }, { 33, 44 } }, (a + b).ToArray());
        Assert.Equal(new float[,] { { 9, 18 }, { 27, 36 } }, (b - a).ToArray());
        Assert.Equal(new float[,] { { 2, 4 }, { 6, 8 } }, (2f * a).ToArray());
        var ex = Assert.Throws<ArgumentException>(() => a + new Matrix(2, 3));
        TestData.AssertMessageContains(ex, "b is (2, 3)", "a is (2, 2)");
    }

    [Fact]
    public void RandomNormal_is_reproducible_from_its_seed_and_has_the_requested_spread()
    {
        var first = Matrix.RandomNormal(100, 100, seed: 42, std: 2f);
        var again = Matrix.RandomNormal(100, 100, seed: 42, std: 2f);
        var other = Matrix.RandomNormal(100, 100, seed: 43, std: 2f);

        Assert.Equal(first.Data, again.Data);
        Assert.NotEqual(first.Data, other.Data);
        double mean = first.Data.Average();
        double std = Math.Sqrt(first.Data.Average(x => (x - mean) * (x - mean)));
        // 10 000 samples: the standard error of the mean is 2/100 = 0.02, of the std about 0.014.
        Assert.InRange(mean, -0.08, 0.08);
        Assert.InRange(std, 1.94, 2.06);
    }

    [Fact]
    public void RandomUniform_stays_in_its_range()
    {
        var m = Matrix.RandomUniform(50, 50, seed: 1, low: -3f, high: 5f);

        Assert.All(m.Data, x => Assert.InRange(x, -3f, 5f));
        Assert.Equal(m.Data, Matrix.RandomUniform(50, 50, seed: 1, low: -3f, high: 5f).Data);
    }

    [Fact]
    public void Row_is_a_view_and_Column_is_a_copy()
    {
        var m = Matrix.FromArray(new float[,] { { 1, 2 }, { 3, 4 } });

        m.Row(1)[0] = 30f;
        float[] column = m.Column(0);
        column[0] = 100f;

        Assert.Equal(30f, m[1, 0]);
        Assert.Equal(1f, m[0, 0]);
        Assert.Equal([1f, 30f], m.Column(0));
    }

    [Fact]
    public void Indexing_outside_the_matrix_names_the_position_and_the_shape()
    {
        var m = new Matrix(2, 3);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => m[2, 0]);
        TestData.AssertMessageContains(ex, "(2, 0)", "(2, 3)");
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Row(-1));
    }

    [Fact]
    public void MaxAbsDifference_is_the_largest_gap_and_NaN_when_either_holds_NaN()
    {
        var a = Matrix.FromArray(new float[,] { { 1, 2 }, { 3, 4 } });
        var b = Matrix.FromArray(new float[,] { { 1, 2.5f }, { 2, 4 } });

        Assert.Equal(1f, a.MaxAbsDifference(b));
        b[0, 0] = float.NaN;
        Assert.True(float.IsNaN(a.MaxAbsDifference(b)));
    }

    [Fact]
    public void Tensor3_FromArray_and_ToArray_round_trip()
    {
        var values = new float[,,] { { { 1, 2 }, { 3, 4 } }, { { 5, 6 }, { 7, 8 } }, { { 9, 10 }, { 11, 12 } } };

        var tensor = Tensor3.FromArray(values);

        Assert.Equal(values, tensor.ToArray());
        Assert.Equal((3, 2, 2), tensor.Shape);
        Assert.Equal(7f, tensor[1, 1, 0]);
    }

    [Fact]
    public void Tensor3_Mean_averages_over_the_first_dimension()
    {
        var tensor = Tensor3.FromArray(new float[,,] { { { 1, 2 } }, { { 3, 6 } } });

        Assert.Equal(new float[,] { { 2, 4 } }, tensor.MeanOverFirstAxis().ToArray());
    }

    [Fact]
    public void Tensor3_rejects_slices_of_different_shapes_naming_both()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Tensor3([new Matrix(2, 3), new Matrix(3, 2)]));

        Assert.Equal("slices", ex.ParamName);
        TestData.AssertMessageContains(ex, "slices[1] is (3, 2)", "slices[0] is (2, 3)");
        Assert.Throws<ArgumentException>(() => new Tensor3(Array.Empty<Matrix>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor3.FromArray(new float[,,] { { { 1 } } })[1]);
    }
}
