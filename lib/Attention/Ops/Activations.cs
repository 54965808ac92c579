namespace Attention;

/// <summary>The non-linearity between the two layers of a <see cref="FeedForward"/> network.</summary>
public enum Activation
{
    /// <summary>max(0, x), as in the original Transformer.</summary>
    Relu,

    /// <summary>x·Φ(x) with the exact Gaussian CDF Φ, as in BERT and GPT-2.</summary>
    Gelu,
}

/// <summary>Element-wise activation functions.</summary>
public static class Activations
{
    private const double InverseSqrt2 = 0.70710678118654752440;
    private const double TwoOverSqrtPi = 1.12837916709551257390;
    private const double InverseSqrtPi = 0.56418958354775628695;

    /// <summary>Below this argument erf is summed as a series, above it erfc comes from a continued fraction.</summary>
    private const double SeriesLimit = 2.5;

    /// <summary>erfc(z) is below 1e-317 beyond this argument, deep in double's subnormals: returned as 0.</summary>
    private const double ErfcUnderflow = 27;

    /// <summary>The series and the continued fraction stop when a step changes the result by less than this fraction.</summary>
    private const double Convergence = 1e-16;

    private const int MaxTerms = 200;

    /// <summary>
    /// erfcx(z) = e^(z²)·erfc(z) is smooth and slowly varying, so <see cref="ErfcFast"/> interpolates it from a table on
    /// [0, <see cref="TableEnd"/>] with spacing 1/<see cref="TableDensity"/>, built once from <see cref="Erfc"/>.
    /// </summary>
    private const int TableDensity = 64;
    private const double TableEnd = 8;
    private static readonly double[] ScaledErfcTable = BuildScaledErfcTable();

    /// <summary>ReLU, max(0, x) element-wise, as a new matrix; NaN stays NaN. Shape: (T, F).</summary>
    /// <param name="x">Any matrix. Shape: (T, F).</param>
    public static Matrix Relu(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var output = new Matrix(x.Rows, x.Cols);
        ReluKernel(x.Data, output.Data);
        return output;
    }

    /// <summary>ReLU, max(0, x) element-wise, written into <paramref name="destination"/>; NaN stays NaN.</summary>
    /// <param name="x">Any matrix. Shape: (T, F).</param>
    /// <param name="destination">Receives the result; may be <paramref name="x"/> itself. Shape: (T, F).</param>
    public static void Relu(Matrix x, Matrix destination)
    {
        ThrowHelper.ThrowIfShapesDiffer(x, destination, nameof(x), nameof(destination));
        ReluKernel(x.Data, destination.Data);
    }

    /// <summary>
    /// GELU in its exact form, <c>x · Φ(x) = x · ½ · (1 + erf(x / √2))</c>, like <c>torch.nn.functional.gelu</c>'s
    /// default (not the tanh approximation), as a new matrix. Relative error below 1e-8 before rounding to float,
    /// also in the negative tail where Φ(x) is tiny. Shape: (T, F).
    /// </summary>
    /// <param name="x">Any matrix. Shape: (T, F).</param>
    public static Matrix Gelu(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var output = new Matrix(x.Rows, x.Cols);
        GeluKernel(x.Data, output.Data);
        return output;
    }

    /// <summary>Exact GELU (see <see cref="Gelu(Matrix)"/>) written into <paramref name="destination"/>.</summary>
    /// <param name="x">Any matrix. Shape: (T, F).</param>
    /// <param name="destination">Receives the result; may be <paramref name="x"/> itself. Shape: (T, F).</param>
    public static void Gelu(Matrix x, Matrix destination)
    {
        ThrowHelper.ThrowIfShapesDiffer(x, destination, nameof(x), nameof(destination));
        GeluKernel(x.Data, destination.Data);
    }

    /// <summary>The given activation applied element-wise, as a new matrix. Shape: (T, F).</summary>
    /// <param name="x">Any matrix. Shape: (T, F).</param>
    /// <param name="activation">Which activation. Shape: scalar.</param>
    public static Matrix Apply(Matrix x, Activation activation)
    {
        ArgumentNullException.ThrowIfNull(x);
        ThrowIfUndefined(activation);
        var output = new Matrix(x.Rows, x.Cols);
        ApplyKernel(x.Data, activation, output.Data);
        return output;
    }

    /// <summary>The given activation applied element-wise, written into <paramref name="destination"/>.</summary>
    /// <param name="x">Any matrix. Shape: (T, F).</param>
    /// <param name="activation">Which activation. Shape: scalar.</param>
    /// <param name="destination">Receives the result; may be <paramref name="x"/> itself. Shape: (T, F).</param>
    public static void Apply(Matrix x, Activation activation, Matrix destination)
    {
        ThrowHelper.ThrowIfShapesDiffer(x, destination, nameof(x), nameof(destination));
        ThrowIfUndefined(activation);
        ApplyKernel(x.Data, activation, destination.Data);
    }

    internal static void ThrowIfUndefined(Activation activation)
    {
        if (activation is not (Activation.Relu or Activation.Gelu))
            throw new ArgumentOutOfRangeException(nameof(activation), activation, $"activation is {(int)activation}, which is not a member of {nameof(Activation)}.");
    }

    private static void ApplyKernel(ReadOnlySpan<float> x, Activation activation, Span<float> destination)
    {
        if (activation == Activation.Relu) ReluKernel(x, destination);
        else GeluKernel(x, destination);
    }

    private static void ReluKernel(ReadOnlySpan<float> x, Span<float> destination) =>
        System.Numerics.Tensors.TensorPrimitives.Max(x, 0f, destination);

    private static void GeluKernel(ReadOnlySpan<float> x, Span<float> destination)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double value = x[i];
            double halfErfc = 0.5 * ErfcFast(Math.Abs(value) * InverseSqrt2);
            destination[i] = (float)(value * (value < 0 ? halfErfc : 1 - halfErfc));
        }
    }

    /// <summary>
    /// erfc(z) for z ≥ 0 (or NaN) as e^(−z²)·erfcx(z), with erfcx from a cubic Hermite interpolation of the table using
    /// the exact derivative erfcx′(z) = 2z·erfcx(z) − 2/√π: relative error below 1e-8. Beyond the table it falls back
    /// to <see cref="Erfc"/>.
    /// </summary>
    internal static double ErfcFast(double z)
    {
        if (!(z < TableEnd)) return Erfc(z);
        double position = z * TableDensity;
        int k = (int)position;
        double t = position - k, h = 1.0 / TableDensity;
        double f0 = ScaledErfcTable[k], f1 = ScaledErfcTable[k + 1];
        double d0 = 2 * (k * h) * f0 - TwoOverSqrtPi, d1 = 2 * ((k + 1) * h) * f1 - TwoOverSqrtPi;
        double t2 = t * t, t3 = t2 * t;
        double scaled = (2 * t3 - 3 * t2 + 1) * f0 + (t3 - 2 * t2 + t) * h * d0 + (-2 * t3 + 3 * t2) * f1 + (t3 - t2) * h * d1;
        return Math.Exp(-z * z) * scaled;
    }

    private static double[] BuildScaledErfcTable()
    {
        var table = new double[(int)(TableEnd * TableDensity) + 2];
        for (int k = 0; k < table.Length; k++)
        {
            double z = (double)k / TableDensity;
            table[k] = Math.Exp(z * z) * Erfc(z);
        }
        return table;
    }

    /// <summary>
    /// The complementary error function erfc(z) = 1 − erf(z), with relative error below 1e-11 over the whole line (far below float precision),
    /// also in the tails where erfc is tiny (which GELU of a negative input needs).
    /// </summary>
    internal static double Erfc(double z)
    {
        if (double.IsNaN(z)) return z;
        if (z < 0) return 2 - Erfc(-z);
        if (z < SeriesLimit) return 1 - Erf(z);
        if (z > ErfcUnderflow) return 0;
        // erfc(z) = e^(−z²)/√π · 1/(z + ½/(z + 1/(z + (3/2)/(z + 2/(z + …))))), evaluated with modified Lentz;
        // every partial numerator k/2 and denominator z is positive, so c and d never vanish.
        double f = z, c = z, d = 0;
        for (int k = 1; k < MaxTerms; k++)
        {
            double a = k * 0.5;
            d = 1 / (z + a * d);
            c = z + a / c;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < Convergence) break;
        }
        return Math.Exp(-z * z) * InverseSqrtPi / f;
    }

    /// <summary>erf(z) for |z| below <see cref="SeriesLimit"/>: 2/√π · e^(−z²) · Σₙ 2ⁿ z^(2n+1) / (1·3·…·(2n+1)), all terms positive.</summary>
    private static double Erf(double z)
    {
        double term = z, sum = z, twoZSquared = 2 * z * z;
        for (int n = 1; n < MaxTerms && term > Convergence * sum; n++)
        {
            term *= twoZSquared / (2 * n + 1);
            sum += term;
        }
        return TwoOverSqrtPi * Math.Exp(-z * z) * sum;
    }
}
