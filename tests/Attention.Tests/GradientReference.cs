using MathNet.Numerics;

namespace Attention.Tests;

/// <summary>A double-precision matrix for the gradient references: row-major, element (r, c) at <c>Data[r * Cols + c]</c>.</summary>
internal sealed record DMatrix(int Rows, int Cols, double[] Data)
{
    public double this[int r, int c] => Data[r * Cols + c];
}

/// <summary>
/// The double-precision twin of every training forward, written as plain loops, for central finite differences.
/// Every tensor — input or parameter — is read through <see cref="Leaves"/>, which keeps a double copy of each float
/// array, so a finite-difference check can nudge any entry of any of them.
/// </summary>
internal sealed class GradientReference
{
    /// <summary>The double copies of the float arrays the forward reads (inputs and parameters alike).</summary>
    public Dictionary<float[], double[]> Leaves { get; } = new(ReferenceEqualityComparer.Instance);

    public double[] Of(float[] leaf)
    {
        if (!Leaves.TryGetValue(leaf, out var copy)) Leaves[leaf] = copy = leaf.Select(v => (double)v).ToArray();
        return copy;
    }

    public DMatrix Of(Matrix m) => new(m.Rows, m.Cols, Of(m.Data));

    public static DMatrix MatMul(DMatrix a, DMatrix b)
    {
        var y = new double[a.Rows * b.Cols];
        for (int i = 0; i < a.Rows; i++)
            for (int j = 0; j < b.Cols; j++)
            {
                double sum = 0;
                for (int k = 0; k < a.Cols; k++) sum += a[i, k] * b[k, j];
                y[i * b.Cols + j] = sum;
            }
        return new DMatrix(a.Rows, b.Cols, y);
    }

    public static DMatrix Transpose(DMatrix a)
    {
        var y = new double[a.Data.Length];
        for (int i = 0; i < a.Rows; i++)
            for (int j = 0; j < a.Cols; j++) y[j * a.Rows + i] = a[i, j];
        return new DMatrix(a.Cols, a.Rows, y);
    }

    public static DMatrix Add(DMatrix a, DMatrix b) => new(a.Rows, a.Cols, a.Data.Zip(b.Data, (x, y) => x + y).ToArray());

    public static DMatrix Map(DMatrix a, Func<double, double> f) => new(a.Rows, a.Cols, a.Data.Select(f).ToArray());

    /// <summary>Masked softmax per row; a fully masked row is all zeros.</summary>
    public static DMatrix Softmax(DMatrix scores, Mask? mask)
    {
        var y = new double[scores.Data.Length];
        for (int t = 0; t < scores.Rows; t++)
        {
            double max = double.NegativeInfinity;
            for (int s = 0; s < scores.Cols; s++)
                if (mask is null || mask[t, s]) max = Math.Max(max, scores[t, s]);
            if (double.IsNegativeInfinity(max)) continue;
            double sum = 0;
            for (int s = 0; s < scores.Cols; s++)
                if (mask is null || mask[t, s]) sum += y[t * scores.Cols + s] = Math.Exp(scores[t, s] - max);
            for (int s = 0; s < scores.Cols; s++) y[t * scores.Cols + s] /= sum;
        }
        return new DMatrix(scores.Rows, scores.Cols, y);
    }

    public static DMatrix Attention(DMatrix q, DMatrix k, DMatrix v, Mask? mask, double scale, DMatrix? bias)
    {
        var scores = Map(MatMul(q, Transpose(k)), x => x * scale);
        if (bias is not null) scores = Add(scores, bias);
        return MatMul(Softmax(scores, mask), v);
    }

    public DMatrix Linear(Linear layer, DMatrix x)
    {
        var y = MatMul(x, Of(layer.Weight));
        if (layer.Bias is null) return y;
        var b = Of(layer.Bias);
        return new DMatrix(y.Rows, y.Cols, y.Data.Select((value, i) => value + b[i % y.Cols]).ToArray());
    }

    public DMatrix LayerNorm(LayerNorm norm, DMatrix x)
    {
        double[] gamma = Of(norm.Gamma), beta = Of(norm.Beta);
        var y = new double[x.Data.Length];
        for (int t = 0; t < x.Rows; t++)
        {
            double mean = 0, variance = 0;
            for (int c = 0; c < x.Cols; c++) mean += x[t, c];
            mean /= x.Cols;
            for (int c = 0; c < x.Cols; c++) variance += (x[t, c] - mean) * (x[t, c] - mean);
            variance /= x.Cols;
            for (int c = 0; c < x.Cols; c++)
                y[t * x.Cols + c] = (x[t, c] - mean) / Math.Sqrt(variance + norm.Epsilon) * gamma[c] + beta[c];
        }
        return new DMatrix(x.Rows, x.Cols, y);
    }

    public static DMatrix Activate(DMatrix x, Activation activation) => activation == Activation.Relu
        ? Map(x, v => Math.Max(v, 0))
        : Map(x, v => v * 0.5 * SpecialFunctions.Erfc(-v / Math.Sqrt(2)));

    public DMatrix FeedForward(FeedForward ffn, DMatrix x) => Linear(ffn.Second, Activate(Linear(ffn.First, x), ffn.Activation));

    public static DMatrix Rope(DMatrix x, int start, double @base)
    {
        var y = (double[])x.Data.Clone();
        for (int t = 0; t < x.Rows; t++)
            for (int i = 0; 2 * i < x.Cols; i++)
            {
                double angle = (start + t) * Math.Pow(@base, -2.0 * i / x.Cols);
                double even = x[t, 2 * i], odd = x[t, 2 * i + 1];
                y[t * x.Cols + 2 * i] = even * Math.Cos(angle) - odd * Math.Sin(angle);
                y[t * x.Cols + 2 * i + 1] = even * Math.Sin(angle) + odd * Math.Cos(angle);
            }
        return new DMatrix(x.Rows, x.Cols, y);
    }

    public static DMatrix Columns(DMatrix x, int start, int count)
    {
        var y = new double[x.Rows * count];
        for (int t = 0; t < x.Rows; t++)
            for (int c = 0; c < count; c++) y[t * count + c] = x[t, start + c];
        return new DMatrix(x.Rows, count, y);
    }

    public DMatrix MultiHeadAttention(MultiHeadAttention layer, DMatrix queries, DMatrix keys, DMatrix values, Mask? mask, Tensor3? bias = null, RotaryPositions? rotary = null)
    {
        DMatrix q = Linear(layer.WQ, queries), k = Linear(layer.WK, keys), v = Linear(layer.WV, values);
        int dK = layer.DK;
        var merged = new double[queries.Rows * layer.DModel];
        for (int h = 0; h < layer.NumHeads; h++)
        {
            DMatrix qh = Columns(q, h * dK, dK), kh = Columns(k, h * dK, dK);
            if (rotary is not null)
            {
                qh = Rope(qh, rotary.QueryStart, rotary.Base);
                kh = Rope(kh, rotary.KeyStart, rotary.Base);
            }
            var head = Attention(qh, kh, Columns(v, h * dK, dK), mask, 1 / Math.Sqrt(dK), bias is null ? null : Of(bias[h]));
            for (int t = 0; t < head.Rows; t++)
                for (int c = 0; c < dK; c++) merged[t * layer.DModel + h * dK + c] = head[t, c];
        }
        return Linear(layer.WO, new DMatrix(queries.Rows, layer.DModel, merged));
    }

    public DMatrix EncoderBlock(EncoderBlock block, DMatrix x, Mask? mask, Tensor3? bias = null, RotaryPositions? rotary = null, bool residual = true)
    {
        DMatrix Residual(DMatrix input, DMatrix sublayer) => residual ? Add(input, sublayer) : sublayer;
        if (block.Norm == NormPlacement.PostNorm)
        {
            var h = LayerNorm(block.Norm1, Residual(x, MultiHeadAttention(block.SelfAttention, x, x, x, mask, bias, rotary)));
            return LayerNorm(block.Norm2, Residual(h, FeedForward(block.FeedForward, h)));
        }
        var n1 = LayerNorm(block.Norm1, x);
        var h1 = Residual(x, MultiHeadAttention(block.SelfAttention, n1, n1, n1, mask, bias, rotary));
        return Residual(h1, FeedForward(block.FeedForward, LayerNorm(block.Norm2, h1)));
    }

    public DMatrix DecoderBlock(DecoderBlock block, DMatrix x, DMatrix memory, Mask selfMask, Mask? memoryMask)
    {
        if (block.Norm == NormPlacement.PostNorm)
        {
            var h1 = LayerNorm(block.Norm1, Add(x, MultiHeadAttention(block.SelfAttention, x, x, x, selfMask)));
            var h2 = LayerNorm(block.Norm2, Add(h1, MultiHeadAttention(block.CrossAttention, h1, memory, memory, memoryMask)));
            return LayerNorm(block.Norm3, Add(h2, FeedForward(block.FeedForward, h2)));
        }
        var n1 = LayerNorm(block.Norm1, x);
        var g1 = Add(x, MultiHeadAttention(block.SelfAttention, n1, n1, n1, selfMask));
        var g2 = Add(g1, MultiHeadAttention(block.CrossAttention, LayerNorm(block.Norm2, g1), memory, memory, memoryMask));
        return Add(g2, FeedForward(block.FeedForward, LayerNorm(block.Norm3, g2)));
    }

    public static double CrossEntropy(DMatrix logits, IReadOnlyList<int> targets)
    {
        double sum = 0;
        int count = 0;
        for (int t = 0; t < logits.Rows; t++)
        {
            if (targets[t] < 0) continue;
            double max = double.NegativeInfinity;
            for (int v = 0; v < logits.Cols; v++) max = Math.Max(max, logits[t, v]);
            double logSum = 0;
            for (int v = 0; v < logits.Cols; v++) logSum += Math.Exp(logits[t, v] - max);
            sum -= logits[t, targets[t]] - max - Math.Log(logSum);
            count++;
        }
        return count == 0 ? 0 : sum / count;
    }

    /// <summary>The test loss L = Σ R ⊙ y for a fixed random R, so that dL/dy = R.</summary>
    public static double Project(DMatrix y, Matrix r) => y.Data.Select((v, i) => v * r.Data[i]).Sum();

    /// <summary>
    /// Central differences (L(x + h) − L(x − h)) / 2h for every entry of <paramref name="leaf"/>, in double precision.
    /// </summary>
    public double[] NumericalGradient(float[] leaf, Func<double> loss, double step = FiniteDifferences.Step)
    {
        var values = Of(leaf);
        var gradient = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double saved = values[i];
            values[i] = saved + step;
            double plus = loss();
            values[i] = saved - step;
            double minus = loss();
            values[i] = saved;
            gradient[i] = (plus - minus) / (2 * step);
        }
        return gradient;
    }
}

/// <summary>The finite-difference step and tolerance of the gradient checks (reasons in tests/reference/README.md).</summary>
internal static class FiniteDifferences
{
    /// <summary>h = 10⁻⁶ in double: truncation error ~h²·|L‴|/6 ≈ 10⁻¹², rounding error ~ε·|L|/h ≈ 10⁻⁹.</summary>
    public const double Step = 1e-6;

    /// <summary>
    /// The float32 backward must match to 2·10⁻⁴ relative to the largest gradient entry (at least 1): float32 rounding
    /// through a few products of length ≤ 64 stays below ~10⁻⁵ relative, a wrong term is O(1).
    /// </summary>
    public const double RelativeTolerance = 2e-4;

    /// <summary>The largest |analytic − numerical| allowed, or a message naming the first entry beyond it.</summary>
    public static string? Compare(double[] numerical, ReadOnlySpan<float> analytic, string what)
    {
        if (numerical.Length != analytic.Length) return $"{what}: {analytic.Length} analytic entries but {numerical.Length} numerical";
        double scale = Math.Max(1, numerical.Max(Math.Abs));
        double tolerance = RelativeTolerance * scale;
        for (int i = 0; i < numerical.Length; i++)
            if (!(Math.Abs(analytic[i] - numerical[i]) <= tolerance))
                return $"{what}[{i}]: analytic {analytic[i]:R}, numerical {numerical[i]:R}, difference {Math.Abs(analytic[i] - numerical[i]):E3} > {tolerance:E3}";
        return null;
    }

    public static void AssertClose(double[] numerical, ReadOnlySpan<float> analytic, string what)
    {
        string? failure = Compare(numerical, analytic, what);
        Assert.True(failure is null, failure);
    }
}
