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
    [InlineData(8, 12, 4, 13)]   // fewer points than dimensions
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
