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

    /// <summary>ReLU, max(0, x) element-wise, as a new matrix; NaN stays NaN. Shape: (T, F).</summary>
    /// <param name="x">Any matrix. Shape: (T, F).</param>
    public static Matrix Relu(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var output = new Matrix(x.Rows, x.Cols);
        System.Numerics.Tensors.TensorPrimitives.Max(x.Data, 0f, output.Data);
        return output;
    }

    /// <summary>
    /// GELU in its exact form, <c>x · Φ(x) = x · ½ · (1 + erf(x / √2))</c>, like <c>torch.nn.functional.gelu</c>'s
    /// default (not the tanh approximation), as a new matrix. Evaluated in double precision. Shape: (T, F).
    /// </summary>
    /// <param name="x">Any matrix. Shape: (T, F).</param>
    public static Matrix Gelu(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var output = new Matrix(x.Rows, x.Cols);
        for (int i = 0; i < x.Data.Length; i++)
        {
            double value = x.Data[i];
            output.Data[i] = (float)(value * 0.5 * Erfc(-value * InverseSqrt2));
        }
        return output;
    }

    /// <summary>The given activation applied element-wise, as a new matrix. Shape: (T, F).</summary>
    /// <param name="x">Any matrix. Shape: (T, F).</param>
    /// <param name="activation">Which activation.</param>
    public static Matrix Apply(Matrix x, Activation activation) => activation switch
    {
        Activation.Relu => Relu(x),
        Activation.Gelu => Gelu(x),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, $"activation is {(int)activation}, which is not a member of {nameof(Activation)}."),
    };

    /// <summary>
    /// The complementary error function erfc(z) = 1 − erf(z), with relative error below 1e-11 over the whole line (far below float precision),
    /// also in the tails where erfc is tiny (which GELU of a negative input needs).
    /// </summary>
    internal static double Erfc(double z)
    {
        if (double.IsNaN(z)) return z;
        if (z < 0) return 2 - Erfc(-z);
        if (z < SeriesLimit) return 1 - Erf(z);
        // erfc(z) = e^(−z²)/√π · 1/(z + ½/(z + 1/(z + (3/2)/(z + 2/(z + …))))), evaluated with modified Lentz.
        if (z > 27) return 0;
        const double tiny = 1e-300;
        double f = z, c = z, d = 0;
        for (int k = 1; k < 200; k++)
        {
            double a = k * 0.5;
            d = z + a * d;
            d = d == 0 ? tiny : d;
            c = z + a / c;
            c = c == 0 ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return Math.Exp(-z * z) * InverseSqrtPi / f;
    }

    /// <summary>erf(z) for |z| below <see cref="SeriesLimit"/>: 2/√π · e^(−z²) · Σₙ 2ⁿ z^(2n+1) / (1·3·…·(2n+1)), all terms positive.</summary>
    private static double Erf(double z)
    {
        double term = z, sum = z, twoZSquared = 2 * z * z;
        for (int n = 1; n < 200 && term > 1e-17 * sum; n++)
        {
            term *= twoZSquared / (2 * n + 1);
            sum += term;
        }
        return TwoOverSqrtPi * Math.Exp(-z * z) * sum;
    }
}
