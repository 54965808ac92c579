namespace Attention.Tests;

public class LearnedPositionalEncodingTests
{
    [Fact]
    public void Seeded_table_has_maxLen_rows_and_is_reproducible()
    {
        var a = new LearnedPositionalEncoding(maxLen: 10, dModel: 4, seed: 9);
        var b = new LearnedPositionalEncoding(maxLen: 10, dModel: 4, seed: 9);
        Assert.Equal((10, 4), a.Table.Shape);
        Assert.Equal(10, a.MaxLen);
        Assert.Equal(4, a.DModel);
        Assert.Equal(a.Table.Data, b.Table.Data);
        Assert.NotEqual(a.Table.Data, new LearnedPositionalEncoding(10, 4, seed: 10).Table.Data);
    }

    [Fact]
    public void Forward_returns_a_copy_of_the_first_seqLen_rows()
    {
        var table = Matrix.FromRows([1f, 2f], [3f, 4f], [5f, 6f]);
        var positions = new LearnedPositionalEncoding(table);
        var output = positions.Forward(2);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, output.Data);
        output[0, 0] = 99f;
        Assert.Equal(1f, table[0, 0]);
        Assert.Equal(table.Data, positions.Forward(3).Data);
    }

    [Fact]
    public void AddTo_adds_the_position_vector_of_each_row_and_leaves_x_unchanged()
    {
        var positions = new LearnedPositionalEncoding(Matrix.FromRows([1f, 2f], [3f, 4f], [5f, 6f]));
        var x = Matrix.FromRows([10f, 20f], [30f, 40f]);
        var output = positions.AddTo(x);
        Assert.Equal(new float[] { 11, 22, 33, 44 }, output.Data);
        Assert.Equal(new float[] { 10, 20, 30, 40 }, x.Data);
    }

    [Fact]
    public void Bad_input_throws_naming_the_parameter_and_shapes()
    {
        var positions = new LearnedPositionalEncoding(maxLen: 3, dModel: 2, seed: 1);
        Assert.Equal("maxLen", Assert.Throws<ArgumentOutOfRangeException>(() => new LearnedPositionalEncoding(0, 2, 1)).ParamName);
        Assert.Equal("dModel", Assert.Throws<ArgumentOutOfRangeException>(() => new LearnedPositionalEncoding(3, 0, 1)).ParamName);
        Assert.Equal("table", Assert.Throws<ArgumentNullException>(() => new LearnedPositionalEncoding(null!)).ParamName);
        var tooLong = Assert.Throws<ArgumentOutOfRangeException>(() => positions.Forward(4));
        Assert.Equal("seqLen", tooLong.ParamName);
        Assert.Contains("(3, 2)", tooLong.Message);
        Assert.Equal("seqLen", Assert.Throws<ArgumentOutOfRangeException>(() => positions.Forward(0)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => positions.AddTo(null!)).ParamName);
        var wide = Assert.Throws<ArgumentException>(() => positions.AddTo(new Matrix(2, 3)));
        Assert.Equal("x", wide.ParamName);
        Assert.Contains("x is (2, 3) but the table is (3, 2)", wide.Message);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => positions.AddTo(new Matrix(4, 2))).ParamName);
    }
}
