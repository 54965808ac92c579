using FsCheck;
using FsCheck.Fluent;

namespace Attention.Tests;

public class RopeTests
{
    /// <summary>Reference: pair i of row t as the complex number x[2i] + i·x[2i+1], multiplied by e^(i·θ).</summary>
    private static double[] ComplexReference(float[] row, int position, double @base = 10000)
    {
        var output = new double[row.Length];
        for (int i = 0; i < row.Length / 2; i++)
        {
            var rotated = new System.Numerics.Complex(row[2 * i], row[2 * i + 1]) *
                          System.Numerics.Complex.FromPolarCoordinates(1, position * Math.Pow(@base, -2.0 * i / row.Length));
            output[2 * i] = rotated.Real;
            output[2 * i + 1] = rotated.Imaginary;
        }
        return output;
    }

    private static double Dot(Matrix a, int rowA, Matrix b, int rowB)
    {
        double sum = 0;
        for (int c = 0; c < a.Cols; c++) sum += (double)a[rowA, c] * b[rowB, c];
        return sum;
    }

    [Fact]
    public void Position_1_rotates_the_first_pair_by_one_radian_and_the_second_by_a_hundredth()
    {
        // Dk = 4: pair 0 turns by p·1, pair 1 by p·10000^(−2/4) = p·0.01. Row 0 is position 0 and stays as it is.
        var x = Matrix.FromRows([1f, 0f, 0f, 1f], [1f, 0f, 0f, 1f]);
        var rotated = Rope.Apply(x);
        float[] expected = [1f, 0f, 0f, 1f, 0.54030231f, 0.84147098f, -0.0099998333f, 0.99995000f];
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], rotated.Data[i], 1e-6f);
    }

    [Fact]
    public void Matches_a_complex_multiplication_reference_with_a_start_position_and_a_custom_base()
    {
        var x = Matrix.RandomNormal(7, 8, seed: 4);
        var rotated = Rope.Apply(x, startPosition: 13, @base: 500f);
        for (int t = 0; t < 7; t++)
        {
            var expected = ComplexReference(x.Row(t).ToArray(), 13 + t, 500);
            for (int c = 0; c < 8; c++) Assert.Equal(expected[c], rotated[t, c], 1e-5);
        }
    }

    [Fact]
    public void Applying_at_a_start_position_equals_taking_later_rows_of_a_longer_application()
    {
        var x = Matrix.RandomNormal(10, 6, seed: 8);
        var whole = Rope.Apply(x);
        var tail = Rope.Apply(x.SliceRows(4, 6), startPosition: 4);
        Assert.True(tail.MaxAbsDifference(whole.SliceRows(4, 6)) < 1e-6f);
    }

    [Fact]
    public void Every_row_keeps_its_norm()
    {
        var x = Matrix.RandomNormal(64, 16, seed: 2);
        var rotated = Rope.Apply(x, startPosition: 1000);
        for (int t = 0; t < 64; t++)
            Assert.Equal(Math.Sqrt(Dot(x, t, x, t)), Math.Sqrt(Dot(rotated, t, rotated, t)), 1e-4);
    }

    [Fact]
    public void Query_key_dot_products_depend_only_on_the_relative_offset()
    {
        var queries = Matrix.RandomNormal(1, 16, seed: 31);
        var keys = Matrix.RandomNormal(1, 16, seed: 32);
        var positions = Gen.Choose(0, 200).Zip(Gen.Choose(0, 200)).Zip(Gen.Choose(0, 200)).ToArbitrary();
        Prop.ForAll(positions, triple =>
        {
            var ((m, n), shift) = triple;
            double before = Dot(Rope.Apply(queries, m), 0, Rope.Apply(keys, n), 0);
            double after = Dot(Rope.Apply(queries, m + shift), 0, Rope.Apply(keys, n + shift), 0);
            return Math.Abs(before - after) < 1e-4;
        }).CheckWithFixedSeed();
    }

    [Fact]
    public void Destination_overload_matches_the_allocating_one_also_in_place()
    {
        var x = Matrix.RandomNormal(5, 8, seed: 6);
        var expected = Rope.Apply(x, 3, 100f);
        var destination = new Matrix(5, 8);
        Rope.Apply(x, 3, 100f, destination);
        Assert.Equal(expected.Data, destination.Data);
        Rope.Apply(x, 3, 100f, x);
        Assert.Equal(expected.Data, x.Data);
    }

    [Fact]
    public void Bad_input_throws_naming_the_parameter_and_shape()
    {
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => Rope.Apply(null!)).ParamName);
        var odd = Assert.Throws<ArgumentException>(() => Rope.Apply(new Matrix(2, 5)));
        Assert.Equal("x", odd.ParamName);
        Assert.Contains("x is (2, 5)", odd.Message);
        Assert.Equal("startPosition", Assert.Throws<ArgumentOutOfRangeException>(() => Rope.Apply(new Matrix(2, 4), -1)).ParamName);
        Assert.Equal("base", Assert.Throws<ArgumentOutOfRangeException>(() => Rope.Apply(new Matrix(2, 4), 0, 0.5f)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Rope.Apply(new Matrix(2, 3), 0, 10000f, new Matrix(2, 3))).ParamName);
        var destination = Assert.Throws<ArgumentException>(() => Rope.Apply(new Matrix(2, 4), 0, 10000f, new Matrix(2, 6)));
        Assert.Equal("destination", destination.ParamName);
        Assert.Contains("destination is (2, 6) but x is (2, 4)", destination.Message);
    }
}
