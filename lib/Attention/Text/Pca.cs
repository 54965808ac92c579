namespace Attention;

/// <summary>
/// Principal component analysis, to draw high-dimensional vectors (embeddings, hidden states) in 2-D or 3-D.
/// </summary>
/// <remarks>
/// The columns are centred, the D × D scatter matrix XᵀX of the centred data is diagonalised (in double precision:
/// Householder tridiagonalisation, then implicit QL), and the rows are projected on the eigenvectors of the largest
/// eigenvalues. With fewer points than dimensions (N &lt; D) the N × N Gram matrix XXᵀ is diagonalised instead, which
/// gives the same directions; directions of zero variance then give coordinates 0. Each eigenvector's sign is fixed
/// so that its entry of largest magnitude is positive (the first such entry on a tie), so the same data always gives
/// the same picture. Cost: O(max(N, D)·m² + m³) with m = min(N, D).
/// </remarks>
public static class Pca
{
    private const int MaxQlIterations = 60;

    /// <summary>Relative size below which an off-diagonal entry counts as zero: the double machine epsilon.</summary>
    private const double Epsilon = 2.220446049250313e-16;

    /// <summary>Gram eigenvalues below this fraction of the largest are rounding noise: zero variance.</summary>
    private const double NullSpaceTolerance = 1e-12;

    /// <summary>The centred rows of <paramref name="x"/> in the coordinates of its top principal components. Shape: (N, components).</summary>
    /// <param name="x">N points of dimension D. Shape: (N, D).</param>
    /// <param name="components">How many components to keep, in [1, D]; column c holds the coordinate along the
    /// direction of the c-th largest variance. Shape: scalar.</param>
    public static Matrix Project(Matrix x, int components = 2)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (components < 1 || components > x.Cols)
            throw new ArgumentOutOfRangeException(nameof(components), components, $"components is {components} but x is {x.ShapeString}, so components must be in [1, {x.Cols}].");
        int n = x.Rows, d = x.Cols;

        var centred = new double[n * d];
        for (int j = 0; j < d; j++)
        {
            double mean = 0;
            for (int i = 0; i < n; i++) mean += x.Data[i * d + j];
            mean /= n;
            for (int i = 0; i < n; i++) centred[i * d + j] = x.Data[i * d + j] - mean;
        }

        var directions = d <= n ? DirectionsFromScatter(centred, n, d, components) : DirectionsFromGram(centred, n, d, components);

        var projection = new Matrix(n, components);
        for (int c = 0; c < components; c++)
        {
            var direction = directions[c];
            int largest = 0;
            for (int j = 1; j < d; j++)
                if (Math.Abs(direction[j]) > Math.Abs(direction[largest])) largest = j;
            double sign = direction[largest] < 0 ? -1 : 1;
            // (N,D) x (D) -> (N)
            for (int i = 0; i < n; i++)
            {
                double dot = 0;
                for (int j = 0; j < d; j++) dot += centred[i * d + j] * direction[j];
                projection.Data[i * components + c] = (float)(sign * dot);
            }
        }
        return projection;
    }

    /// <summary>The unit eigenvectors of the D × D scatter matrix XᵀX with the largest eigenvalues, largest first.</summary>
    private static double[][] DirectionsFromScatter(double[] centred, int n, int d, int components)
    {
        // (D,N) x (N,D) -> (D,D)
        var scatter = new double[d * d];
        for (int i = 0; i < n; i++)
            for (int a = 0; a < d; a++)
            {
                double xa = centred[i * d + a];
                for (int b = a; b < d; b++) scatter[a * d + b] += xa * centred[i * d + b];
            }
        for (int a = 0; a < d; a++)
            for (int b = 0; b < a; b++) scatter[a * d + b] = scatter[b * d + a];

        var (eigenvalues, eigenvectors) = SymmetricEigen(scatter, d);
        var order = Enumerable.Range(0, d).OrderByDescending(k => eigenvalues[k]).ThenBy(k => k).ToArray();
        var directions = new double[components][];
        for (int c = 0; c < components; c++)
        {
            directions[c] = new double[d];
            for (int j = 0; j < d; j++) directions[c][j] = eigenvectors[j * d + order[c]];
        }
        return directions;
    }

    /// <summary>
    /// The same directions from the smaller N × N Gram matrix XXᵀ when there are fewer points than dimensions: if
    /// XXᵀu = λu then Xᵀu is an eigenvector of XᵀX with the same λ. Directions beyond the rank of X (zero variance)
    /// are left as zero vectors, so their coordinates are 0.
    /// </summary>
    private static double[][] DirectionsFromGram(double[] centred, int n, int d, int components)
    {
        // (N,D) x (D,N) -> (N,N)
        var gram = new double[n * n];
        for (int a = 0; a < n; a++)
            for (int b = a; b < n; b++)
            {
                double dot = 0;
                for (int j = 0; j < d; j++) dot += centred[a * d + j] * centred[b * d + j];
                gram[a * n + b] = dot;
                gram[b * n + a] = dot;
            }

        var (eigenvalues, eigenvectors) = SymmetricEigen(gram, n);
        var order = Enumerable.Range(0, n).OrderByDescending(k => eigenvalues[k]).ThenBy(k => k).ToArray();
        var directions = new double[components][];
        for (int c = 0; c < components; c++)
        {
            directions[c] = new double[d];
            // Eigenvalues at rounding level belong to the null space (e.g. the all-ones vector, since the columns are centred).
            if (c >= n || eigenvalues[order[c]] <= NullSpaceTolerance * eigenvalues[order[0]]) continue;
            // (D,N) x (N) -> (D)
            for (int i = 0; i < n; i++)
            {
                double weight = eigenvectors[i * n + order[c]];
                for (int j = 0; j < d; j++) directions[c][j] += weight * centred[i * d + j];
            }
            double norm = Math.Sqrt(directions[c].Sum(v => v * v));
            if (norm > 0)
                for (int j = 0; j < d; j++) directions[c][j] /= norm;
        }
        return directions;
    }

    /// <summary>
    /// Eigen-decomposition of the symmetric (n, n) row-major <paramref name="a"/>: Householder reduction to a
    /// tridiagonal matrix, then the implicit QL method with Wilkinson-style shifts (the EISPACK tred2/tql2 pair).
    /// Returns the eigenvalues (unsorted) and the orthonormal eigenvectors as the columns of a row-major (n, n) array.
    /// </summary>
    internal static (double[] Values, double[] Vectors) SymmetricEigen(double[] a, int n)
    {
        var v = (double[])a.Clone();
        var d = new double[n];
        var e = new double[n];
        Tridiagonalize(v, d, e, n);
        // The QL rotations mix pairs of columns of Q; on Qᵀ they mix pairs of contiguous rows.
        var vectorsTransposed = Transpose(v, n);
        TridiagonalQl(vectorsTransposed, d, e, n);
        return (d, Transpose(vectorsTransposed, n));
    }

    /// <summary>Householder: on return <paramref name="v"/> holds the orthogonal Q with QᵀAQ tridiagonal, diagonal d, sub-diagonal e[1..].</summary>
    private static void Tridiagonalize(double[] v, double[] d, double[] e, int n)
    {
        for (int j = 0; j < n; j++) d[j] = v[(n - 1) * n + j];
        for (int i = n - 1; i > 0; i--)
        {
            double scale = 0, h = 0;
            for (int k = 0; k < i; k++) scale += Math.Abs(d[k]);
            if (scale == 0)
            {
                e[i] = d[i - 1];
                for (int j = 0; j < i; j++)
                {
                    d[j] = v[(i - 1) * n + j];
                    v[i * n + j] = 0;
                    v[j * n + i] = 0;
                }
            }
            else
            {
                for (int k = 0; k < i; k++)
                {
                    d[k] /= scale;
                    h += d[k] * d[k];
                }
                double f = d[i - 1];
                double g = f > 0 ? -Math.Sqrt(h) : Math.Sqrt(h);
                e[i] = scale * g;
                h -= f * g;
                d[i - 1] = f - g;
                for (int j = 0; j < i; j++) e[j] = 0;
                for (int j = 0; j < i; j++)
                {
                    f = d[j];
                    v[j * n + i] = f;
                    g = e[j] + v[j * n + j] * f;
                    for (int k = j + 1; k <= i - 1; k++)
                    {
                        g += v[k * n + j] * d[k];
                        e[k] += v[k * n + j] * f;
                    }
                    e[j] = g;
                }
                f = 0;
                for (int j = 0; j < i; j++)
                {
                    e[j] /= h;
                    f += e[j] * d[j];
                }
                double hh = f / (h + h);
                for (int j = 0; j < i; j++) e[j] -= hh * d[j];
                for (int j = 0; j < i; j++)
                {
                    f = d[j];
                    g = e[j];
                    for (int k = j; k <= i - 1; k++) v[k * n + j] -= f * e[k] + g * d[k];
                    d[j] = v[(i - 1) * n + j];
                    v[i * n + j] = 0;
                }
            }
            d[i] = h;
        }

        for (int i = 0; i < n - 1; i++)
        {
            v[(n - 1) * n + i] = v[i * n + i];
            v[i * n + i] = 1;
            double h = d[i + 1];
            if (h != 0)
            {
                for (int k = 0; k <= i; k++) d[k] = v[k * n + i + 1] / h;
                for (int j = 0; j <= i; j++)
                {
                    double g = 0;
                    for (int k = 0; k <= i; k++) g += v[k * n + i + 1] * v[k * n + j];
                    for (int k = 0; k <= i; k++) v[k * n + j] -= g * d[k];
                }
            }
            for (int k = 0; k <= i; k++) v[k * n + i + 1] = 0;
        }
        for (int j = 0; j < n; j++)
        {
            d[j] = v[(n - 1) * n + j];
            v[(n - 1) * n + j] = 0;
        }
        v[(n - 1) * n + n - 1] = 1;
        e[0] = 0;
    }

    private static double[] Transpose(double[] m, int n)
    {
        var t = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) t[j * n + i] = m[i * n + j];
        return t;
    }

    /// <summary>
    /// Implicit QL on the tridiagonal (d, e), accumulating the rotations into the rows of <paramref name="vt"/>
    /// (the eigenvectors, transposed); d ends as the eigenvalues.
    /// </summary>
    private static void TridiagonalQl(double[] vt, double[] d, double[] e, int n)
    {
        for (int i = 1; i < n; i++) e[i - 1] = e[i];
        e[n - 1] = 0;
        double shift = 0, largest = 0;
        for (int l = 0; l < n; l++)
        {
            largest = Math.Max(largest, Math.Abs(d[l]) + Math.Abs(e[l]));
            int m = l;
            while (m < n && Math.Abs(e[m]) > Epsilon * largest) m++;
            if (m > l)
            {
                for (int iteration = 0; iteration < MaxQlIterations && Math.Abs(e[l]) > Epsilon * largest; iteration++)
                {
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2 * e[l]);
                    double r = Math.Sqrt(p * p + 1);
                    if (p < 0) r = -r;
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) d[i] -= h;
                    shift += h;

                    p = d[m];
                    double c = 1, c2 = 1, c3 = 1, el1 = e[l + 1], s = 0, s2 = 0;
                    for (int i = m - 1; i >= l; i--)
                    {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        var row = vt.AsSpan(i * n, n);
                        var next = vt.AsSpan((i + 1) * n, n);
                        for (int k = 0; k < n; k++)
                        {
                            h = next[k];
                            next[k] = s * row[k] + c * h;
                            row[k] = c * row[k] - s * h;
                        }
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                }
            }
            d[l] += shift;
            e[l] = 0;
        }
    }

    private static double Hypot(double a, double b)
    {
        double x = Math.Abs(a), y = Math.Abs(b);
        if (x < y) (x, y) = (y, x);
        if (x == 0) return 0;
        double ratio = y / x;
        return x * Math.Sqrt(1 + ratio * ratio);
    }
}
