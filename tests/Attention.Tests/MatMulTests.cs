using Attention;
using Attention.Kernels;

namespace Attention.Tests;

public class MatMulTests
{
    [Fact]
    public void MatMul_of_a_2x3_and_a_3x2_matches_the_product_worked_by_hand()
    {
        // [1 2 3]   [ 7  8]   [1·7 + 2·9 + 3·11   1·8 + 2·10 + 3·12]   [ 58  64]
        // [4 5 6] · [ 9 10] = [4·7 + 5·9 + 6·11   4·8 + 5·10 + 6·12] = [139 154]
        //           [11 12]
        var a = Matrix.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var b = Matrix.FromArray(new float[,] { { 7, 8 }, { 9, 10 }, { 11, 12 } });

        var c = Ops.MatMul(a, b);

        Assert.Equal(new float[,] { { 58, 64 }, { 139, 154 } }, c.ToArray());
    }

    [Fact]
    public void MatMulTransposed_of_a_2x3_and_a_2x3_matches_the_dot_products_worked_by_hand()
    {
        // Row i of a dotted with row j of b:
        // [1 2 3]·[1 0 1] = 4   [1 2 3]·[0 1 2] = 8
        // [4 5 6]·[1 0 1] = 10  [4 5 6]·[0 1 2] = 17
        var a = Matrix.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var b = Matrix.FromArray(new float[,] { { 1, 0, 1 }, { 0, 1, 2 } });

        var c = Ops.MatMulTransposed(a, b);

        Assert.Equal(new float[,] { { 4, 8 }, { 10, 17 } }, c.ToArray());
    }

    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 1, 7, 1 }, { 7, 1, 7 }, { 7, 7, 7 }, { 1, 65, 257 }, { 257, 65, 1 }, { 65, 65, 65 },
        { 6, 256, 32 }, { 12, 257, 33 }, { 97, 31, 64 }, { 64, 64, 64 }, { 5, 513, 17 }, { 100, 300, 70 }, { 257, 257, 257 },
        { 7, 33, 1100 }, { 13, 300, 2081 }, // wider than one NC column block of the GEMM (1024), with ragged remainders
    };

    public static TheoryData<int, int, int, string> ShapesAndPaths()
    {
        var data = new TheoryData<int, int, int, string>();
        foreach (var path in new[] { nameof(Gemm.Path.Vector512), nameof(Gemm.Path.Vector256), nameof(Gemm.Path.Vector128), nameof(Gemm.Path.Scalar) })
            foreach (var (m, k, n) in new[] { (1, 1, 1), (1, 7, 1), (7, 7, 7), (65, 65, 65), (13, 257, 31), (97, 300, 50), (257, 17, 7), (7, 1, 257), (7, 40, 1057) })
                data.Add(m, k, n, path);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatMul_agrees_with_the_naive_product_on_seeded_random_inputs(int m, int k, int n)
    {
        var a = TestData.Random(m, k, seed: 1000 + m);
        var b = TestData.Random(k, n, seed: 2000 + n);

        var fast = Ops.MatMul(a, b);

        TestData.AssertClose(Naive.MatMul(a, b), fast, TestData.ProductTolerance(k, a, b), $"({m},{k})x({k},{n})");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatMulTransposed_agrees_with_the_naive_product_on_seeded_random_inputs(int m, int k, int n)
    {
        var a = TestData.Random(m, k, seed: 3000 + m);
        var b = TestData.Random(n, k, seed: 4000 + n);

        var fast = Ops.MatMulTransposed(a, b);

        TestData.AssertClose(Naive.MatMulTransposed(a, b), fast, TestData.ProductTolerance(k, a, b), $"({m},{k})x({n},{k})T");
    }

    [Theory]
    [MemberData(nameof(ShapesAndPaths))]
    public void Every_kernel_path_agrees_with_the_naive_product_for_both_layouts(int m, int k, int n, string pathName)
    {
        var path = Enum.Parse<Gemm.Path>(pathName);
        var a = TestData.Random(m, k, seed: 5);
        var b = TestData.Random(k, n, seed: 6);
        var bT = b.Transpose();
        var expected = Naive.MatMul(a, b);
        var c = new float[m * n];
        var cT = new float[m * n];

        Gemm.Multiply(a.Data, b.Data, c, m, k, n, bTransposed: false, path);
        Gemm.Multiply(a.Data, bT.Data, cT, m, k, n, bTransposed: true, path);

        float tolerance = TestData.ProductTolerance(k, a, b);
        TestData.AssertClose(expected, new Matrix(m, n, c), tolerance, $"{path} a·b");
        TestData.AssertClose(expected, new Matrix(m, n, cT), tolerance, $"{path} a·bᵀ");
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(7, true)]
    public void A_product_large_enough_to_run_in_parallel_takes_the_parallel_path_and_agrees_with_the_naive_product(int cores, bool bTransposed)
    {
        // 301 rows: the row ranges of 6-row tiles do not divide evenly, so a wrong range boundary shows up.
        const int m = 301, k = 130, n = 190;
        Assert.True((long)m * k * n >= Gemm.ParallelThreshold);
        var a = TestData.Random(m, k, seed: 11);
        var b = TestData.Random(k, n, seed: 12);
        var bStored = bTransposed ? b.Transpose() : b;
        var c = new float[m * n];
        long before = Interlocked.Read(ref Gemm.ParallelProducts);

        // cores > 1 forces the split even on a one-core machine.
        Gemm.Multiply(a.Data, bStored.Data, c, m, k, n, bTransposed, cores: cores);

        Assert.True(Interlocked.Read(ref Gemm.ParallelProducts) > before, "the product did not take the parallel path");
        TestData.AssertClose(Naive.MatMul(a, b), new Matrix(m, n, c), TestData.ProductTolerance(k, a, b), $"{cores} cores");
        TestData.AssertClose(Naive.MatMul(a, b), Ops.MatMul(a, b), TestData.ProductTolerance(k, a, b), "Ops.MatMul");
    }

    [Fact]
    public void MatMul_by_the_identity_returns_the_matrix_exactly()
    {
        var a = TestData.Random(37, 41, seed: 7);

        Assert.Equal(a.Data, Ops.MatMul(a, Matrix.Identity(41)).Data);
        Assert.Equal(a.Data, Ops.MatMul(Matrix.Identity(37), a).Data);
    }

    [Fact]
    public void MatMul_into_a_destination_overwrites_what_was_there()
    {
        var a = TestData.Random(9, 20, seed: 8);
        var b = TestData.Random(20, 35, seed: 9);
        var destination = Matrix.RandomUniform(9, 35, seed: 10, low: 100, high: 200);

        Ops.MatMul(a, b, destination);

        TestData.AssertClose(Naive.MatMul(a, b), destination, TestData.ProductTolerance(20, a, b));
    }

    [Fact]
    public void MatMulTransposed_into_a_destination_overwrites_what_was_there()
    {
        var a = TestData.Random(9, 20, seed: 8);
        var b = TestData.Random(35, 20, seed: 9);
        var destination = Matrix.RandomUniform(9, 35, seed: 10, low: 100, high: 200);

        Ops.MatMulTransposed(a, b, destination);

        TestData.AssertClose(Naive.MatMulTransposed(a, b), destination, TestData.ProductTolerance(20, a, b));
    }

    [Fact]
    public void A_NaN_in_one_row_of_a_makes_only_that_row_of_the_product_NaN()
    {
        var a = TestData.Random(8, 16, seed: 13);
        var b = TestData.Random(16, 40, seed: 14);
        a[3, 5] = float.NaN;

        var c = Ops.MatMul(a, b);

        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 40; j++)
                Assert.Equal(i == 3, float.IsNaN(c[i, j]));
    }

    [Fact]
    public void MatMul_names_b_and_both_shapes_when_the_inner_dimensions_differ()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.MatMul(new Matrix(2, 3), new Matrix(4, 5)));
        Assert.Equal("b", ex.ParamName);
        TestData.AssertMessageContains(ex, "b is (4, 5)", "a is (2, 3)");
    }

    [Fact]
    public void MatMulTransposed_names_b_and_both_shapes_when_the_widths_differ()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.MatMulTransposed(new Matrix(2, 3), new Matrix(4, 5)));
        Assert.Equal("b", ex.ParamName);
        TestData.AssertMessageContains(ex, "b is (4, 5)", "a is (2, 3)");
    }

    [Fact]
    public void MatMul_names_the_destination_and_the_expected_shape_when_it_is_wrong()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.MatMul(new Matrix(2, 3), new Matrix(3, 5), new Matrix(2, 4)));
        Assert.Equal("destination", ex.ParamName);
        TestData.AssertMessageContains(ex, "destination is (2, 4)", "(2, 5)", "(2, 3)", "(3, 5)");

        var exT = Assert.Throws<ArgumentException>(() => Ops.MatMulTransposed(new Matrix(2, 3), new Matrix(5, 3), new Matrix(5, 2)));
        Assert.Equal("destination", exT.ParamName);
        TestData.AssertMessageContains(exT, "destination is (5, 2)", "(2, 5)");
    }

    [Fact]
    public void MatMul_refuses_a_destination_that_is_one_of_its_inputs()
    {
        var square = TestData.Random(4, 4, seed: 15);
        var other = TestData.Random(4, 4, seed: 16);

        var ex = Assert.Throws<ArgumentException>(() => Ops.MatMul(square, other, square));
        Assert.Equal("destination", ex.ParamName);
        TestData.AssertMessageContains(ex, "shares its storage", "(4, 4)");
        Assert.Throws<ArgumentException>(() => Ops.MatMulTransposed(square, other, other));
    }

    [Fact]
    public void MatMul_throws_ArgumentNullException_naming_a_null_argument()
    {
        var m = new Matrix(2, 2);
        Assert.Equal("a", Assert.Throws<ArgumentNullException>(() => Ops.MatMul(null!, m)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentNullException>(() => Ops.MatMul(m, null!)).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentNullException>(() => Ops.MatMul(m, m, null!)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentNullException>(() => Ops.MatMulTransposed(m, null!)).ParamName);
    }

    [Fact]
    public void Naive_MatMul_validates_its_arguments_like_the_fast_one()
    {
        var ex = Assert.Throws<ArgumentException>(() => Naive.MatMul(new Matrix(2, 3), new Matrix(4, 5)));
        TestData.AssertMessageContains(ex, "b is (4, 5)", "a is (2, 3)");
        var exT = Assert.Throws<ArgumentException>(() => Naive.MatMulTransposed(new Matrix(2, 3), new Matrix(4, 5)));
        TestData.AssertMessageContains(exT, "b is (4, 5)", "a is (2, 3)");
    }
}
