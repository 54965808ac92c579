using MathNet.Numerics.LinearAlgebra;

namespace Attention.Tests;

public class PcaTests
{
    [Fact]
    public void Hand_worked_2d_example_projects_onto_the_3_4_5_axes_after_centring()
    {
        // Points ±5·(0.8, 0.6) and ±1·(−0.6, 0.8), all shifted by (10, 20): the principal axis is (0.8, 0.6),
        // the second (−0.6, 0.8) (its largest entry 0.8 is positive), and the coordinates are ±5 and ±1.
        var x = Matrix.FromRows(
            [14f, 23f],
            [6f, 17f],
            [9.4f, 20.8f],
            [10.6f, 19.2f]);
        var projected = Pca.Project(x, components: 2);
        var expected = Matrix.FromRows([5f, 0f], [-5f, 0f], [0f, 1f], [0f, -1f]);
        Assert.True(projected.MaxAbsDifference(expected) < 1e-5f, projected.ToString());
    }

    [Fact]
    public void One_component_of_points_on_a_line_is_their_signed_distance_along_it()
    {
        // Points on the line through (1, 1) with direction (1, −2)/√5; the largest loading −2/√5 is made positive,
        // so the direction used is (−1, 2)/√5.
        var x = Matrix.FromRows([1f, 1f], [2f, -1f], [0f, 3f], [3f, -3f]);
        var projected = Pca.Project(x, components: 1);
        // Mean is (1.5, 0); coordinates along (−1, 2)/√5.
        float[] expected = [(-(-0.5f) + 2 * 1f) / MathF.Sqrt(5), (-(0.5f) + 2 * -1f) / MathF.Sqrt(5), (-(-1.5f) + 2 * 3f) / MathF.Sqrt(5), (-(1.5f) + 2 * -3f) / MathF.Sqrt(5)];
        Assert.Equal((4, 1), projected.Shape);
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], projected[i, 0], 1e-5f);
    }

    [Theory]
    [InlineData(50, 6, 3, 11)]
    [InlineData(30, 16, 2, 12)]
    [InlineData(8, 12, 4, 13)]   // fewer points than dimensions: the Gram-matrix path
    [InlineData(4, 40, 3, 14)]
    [InlineData(200, 64, 3, 15)]
    public void Projection_matches_a_MathNet_eigendecomposition_of_the_covariance(int n, int d, int components, int seed)
    {
        // Anisotropic data so the eigenvalues are well separated: column j scaled by (j + 1).
        var x = Matrix.RandomNormal(n, d, seed);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) x[i, j] = x[i, j] * (j + 1) + 3f;
        var data = Matrix<double>.Build.Dense(n, d, (i, j) => x[i, j]);
        var mean = data.ColumnSums() / n;
        var centred = Matrix<double>.Build.Dense(n, d, (i, j) => data[i, j] - mean[j]);
        var covariance = centred.TransposeThisAndMultiply(centred) / (n - 1);
        var evd = covariance.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, d).OrderByDescending(k => evd.EigenValues[k].Real).ToArray();

        var projected = Pca.Project(x, components);
        Assert.Equal((n, components), projected.Shape);
        for (int c = 0; c < components; c++)
        {
            var vector = evd.EigenVectors.Column(order[c]);
            int largest = vector.AbsoluteMaximumIndex();
            if (vector[largest] < 0) vector = -vector;
            var expected = centred * vector;
            double scale = expected.AbsoluteMaximum();
            for (int i = 0; i < n; i++)
                Assert.True(Math.Abs(expected[i] - projected[i, c]) <= 1e-4 * scale, $"component {c}, row {i}: {projected[i, c]} vs {expected[i]}");
        }
    }

    [Fact]
    public void Projected_columns_are_uncorrelated_and_ordered_by_decreasing_variance()
    {
        var x = Matrix.RandomNormal(100, 5, seed: 21);
        for (int i = 0; i < 100; i++) { x[i, 1] += 2 * x[i, 0]; x[i, 3] *= 3; }
        var p = Pca.Project(x, components: 5);
        double Covariance(int a, int b) => Enumerable.Range(0, 100).Sum(i => (double)p[i, a] * p[i, b]) / 99;
        for (int a = 0; a < 5; a++)
        {
            Assert.Equal(0, Enumerable.Range(0, 100).Average(i => p[i, a]), 1e-4);
            for (int b = a + 1; b < 5; b++) Assert.True(Math.Abs(Covariance(a, b)) < 1e-3 * Covariance(0, 0));
            if (a > 0) Assert.True(Covariance(a, a) <= Covariance(a - 1, a - 1));
        }
    }

    [Fact]
    public void With_fewer_points_than_dimensions_components_beyond_the_rank_are_zero()
    {
        // 3 centred points span at most 2 directions, so components 3 and 4 have zero variance.
        var x = Matrix.RandomNormal(3, 6, seed: 17);
        var projected = Pca.Project(x, components: 4);
        for (int i = 0; i < 3; i++)
        {
            Assert.True(Math.Abs(projected[i, 0]) > 1e-3f);
            Assert.Equal(0f, projected[i, 2], 1e-5f);
            Assert.Equal(0f, projected[i, 3], 1e-5f);
        }
        // The two real components keep all the squared distances between the points.
        for (int a = 0; a < 3; a++)
            for (int b = a + 1; b < 3; b++)
            {
                double original = 0, reduced = 0;
                for (int j = 0; j < 6; j++) original += Math.Pow(x[a, j] - x[b, j], 2);
                for (int c = 0; c < 2; c++) reduced += Math.Pow(projected[a, c] - projected[b, c], 2);
                Assert.Equal(original, reduced, 1e-4);
            }
    }

    [Fact]
    public void A_single_point_or_identical_points_project_to_the_origin()
    {
        Assert.Equal(new float[] { 0, 0 }, Pca.Project(Matrix.FromRows([1f, 2f, 3f])).Data);
        Assert.Equal(new float[6], Pca.Project(Matrix.FromRows([4f, 5f], [4f, 5f], [4f, 5f])).Data);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(5, 3)]
    [InlineData(50, 4)]
    [InlineData(130, 5)]
    public void The_symmetric_eigen_solver_gives_orthonormal_vectors_with_A_v_equal_to_lambda_v(int n, int seed)
    {
        var random = Matrix.RandomNormal(n, n, seed);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) a[i * n + j] = random[i, j] + random[j, i];
        AssertEigenDecomposition(a, n);
    }

    [Fact]
    public void The_symmetric_eigen_solver_handles_repeated_eigenvalues_and_the_zero_matrix()
    {
        AssertEigenDecomposition(new double[16], 4);
        var diagonal = new double[25];
        double[] entries = [3, 1, 3, 1, -2];
        for (int i = 0; i < 5; i++) diagonal[i * 5 + i] = entries[i];
        AssertEigenDecomposition(diagonal, 5);
        // A rank-one matrix u·uᵀ: eigenvalues ‖u‖² and four zeros.
        double[] u = [1, 2, 0, -1, 3];
        var rankOne = new double[25];
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++) rankOne[i * 5 + j] = u[i] * u[j];
        var (values, _) = AssertEigenDecomposition(rankOne, 5);
        Assert.Equal(15, values.Max(), 1e-12);
    }

    private static (double[] Values, double[] Vectors) AssertEigenDecomposition(double[] a, int n)
    {
        var (values, vectors) = Pca.SymmetricEigen(a, n);
        double scale = Math.Max(1, a.Max(Math.Abs));
        for (int k = 0; k < n; k++)
        {
            for (int i = 0; i < n; i++)
            {
                double av = 0;
                for (int j = 0; j < n; j++) av += a[i * n + j] * vectors[j * n + k];
                Assert.True(Math.Abs(av - values[k] * vectors[i * n + k]) < 1e-10 * scale * n, $"(A·v)[{i}] for eigenvalue {k}");
            }
            for (int other = 0; other < n; other++)
            {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += vectors[i * n + k] * vectors[i * n + other];
                Assert.Equal(k == other ? 1 : 0, dot, 1e-10);
            }
        }
        double trace = 0;
        for (int i = 0; i < n; i++) trace += a[i * n + i];
        Assert.Equal(trace, values.Sum(), 1e-9 * scale * n);
        return (values, vectors);
    }

    [Fact]
    public void Same_input_gives_the_same_output()
    {
        var x = Matrix.RandomNormal(20, 7, seed: 2);
        Assert.Equal(Pca.Project(x).Data, Pca.Project(x.Clone()).Data);
    }

    [Fact]
    public void Bad_input_throws_naming_the_parameter_and_shape()
    {
        var x = Matrix.RandomNormal(5, 3, seed: 1);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => Pca.Project(null!)).ParamName);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Pca.Project(x, components: 4));
        Assert.Equal("components", error.ParamName);
        Assert.Contains("x is (5, 3)", error.Message);
        Assert.Equal("components", Assert.Throws<ArgumentOutOfRangeException>(() => Pca.Project(x, components: 0)).ParamName);
    }
}
