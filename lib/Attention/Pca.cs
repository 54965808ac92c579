namespace Attention;

/// <summary>
/// Principal component analysis, to draw high-dimensional vectors (embeddings, hidden states) in 2-D or 3-D.
/// </summary>
/// <remarks>
/// The columns are centred, the D × D scatter matrix XᵀX of the centred data is diagonalised with the cyclic Jacobi
/// eigenvalue method (in double precision), and the rows are projected on the eigenvectors of the largest
/// eigenvalues. With fewer points than dimensions (N &lt; D) the N × N Gram matrix XXᵀ is diagonalised instead, which
/// gives the same directions; directions of zero variance then give coordinates 0. Each eigenvector's sign is fixed
/// so that its entry of largest magnitude is positive (the first such entry on a tie), so the same data always gives
/// the same picture. Cost: O(max(N, D)·m² + m³) with m = min(N, D) — fine for m up to a few hundred.
/// </remarks>
public static class Pca
{
    private const int MaxSweeps = 100;

    /// <summary>Gram eigenvalues below this fraction of the largest are rounding noise: zero variance.</summary>
    private const double NullSpaceTolerance = 1e-12;

    /// <summary>The centred rows of <paramref name="x"/> in the coordinates of its top principal components. Shape: (N, components).</summary>
    /// <param name="x">N points of dimension D. Shape: (N, D).</param>
    /// <param name="components">How many components to keep, in [1, D]; column c holds the coordinate along the
    /// direction of the c-th largest variance.</param>
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

        var (eigenvalues, eigenvectors) = JacobiEigen(scatter, d);
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

        var (eigenvalues, eigenvectors) = JacobiEigen(gram, n);
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
    /// Cyclic Jacobi: rotates away the off-diagonal entries of the symmetric <paramref name="a"/> (destroyed) until
    /// they vanish. Returns the eigenvalues and the eigenvectors as the columns of a row-major (n, n) array.
    /// </summary>
    private static (double[] Values, double[] Vectors) JacobiEigen(double[] a, int n)
    {
        var v = new double[n * n];
        for (int i = 0; i < n; i++) v[i * n + i] = 1;
        double total = 0;
        foreach (double value in a) total += value * value;
        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            double off = 0;
            for (int p = 0; p < n; p++)
                for (int q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q];
            if (off <= 1e-30 * total || off == 0) break;
            for (int p = 0; p < n - 1; p++)
                for (int q = p + 1; q < n; q++)
                {
                    double apq = a[p * n + q];
                    if (apq == 0) continue;
                    // Rotation angle that zeroes a[p,q]: tan(2θ) = 2·a[p,q] / (a[q,q] − a[p,p]).
                    double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
                    double t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double akp = a[k * n + p], akq = a[k * n + q];
                        a[k * n + p] = c * akp - s * akq;
                        a[k * n + q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double apk = a[p * n + k], aqk = a[q * n + k];
                        a[p * n + k] = c * apk - s * aqk;
                        a[q * n + k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double vkp = v[k * n + p], vkq = v[k * n + q];
                        v[k * n + p] = c * vkp - s * vkq;
                        v[k * n + q] = s * vkp + c * vkq;
                    }
                }
        }
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = a[i * n + i];
        return (values, v);
    }
}
