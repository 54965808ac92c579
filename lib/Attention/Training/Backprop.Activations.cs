namespace Attention;

public static partial class Backprop
{
    private const double InverseSqrt2 = 0.70710678118654752440;
    private const double InverseSqrt2Pi = 0.39894228040143267794;

    /// <summary>
    /// Backward of an element-wise activation y = act(x): dx = act′(x) ⊙ dy.
    /// ReLU: act′(x) = 1 where x &gt; 0, else 0 (0 at x = 0, as PyTorch).
    /// GELU (exact): act(x) = x·Φ(x), so act′(x) = Φ(x) + x·φ(x), with φ the standard normal density.
    /// </summary>
    /// <param name="x">The activation's input from the forward. Shape: (T, F).</param>
    /// <param name="activation">Which activation the forward applied. Shape: scalar.</param>
    /// <param name="dOutput">dL/dy. Shape: (T, F).</param>
    /// <returns>dL/dx. Shape: (T, F).</returns>
    public static Matrix ActivationBackward(Matrix x, Activation activation, Matrix dOutput)
    {
        ArgumentNullException.ThrowIfNull(x);
        ThrowIfGradientShape(dOutput, x.Rows, x.Cols, activation.ToString());
        Activations.ThrowIfUndefined(activation);
        var dx = new Matrix(x.Rows, x.Cols);
        if (activation == Activation.Relu)
            for (int i = 0; i < x.Data.Length; i++) dx.Data[i] = x.Data[i] > 0f ? dOutput.Data[i] : 0f;
        else
            for (int i = 0; i < x.Data.Length; i++) dx.Data[i] = (float)(GeluDerivative(x.Data[i]) * dOutput.Data[i]);
        return dx;
    }

    /// <summary>GELU′(x) = Φ(x) + x·φ(x), with Φ(x) = ½·erfc(−x/√2).</summary>
    private static double GeluDerivative(double x)
    {
        double halfErfc = 0.5 * Activations.ErfcFast(Math.Abs(x) * InverseSqrt2);
        double cdf = x < 0 ? halfErfc : 1 - halfErfc;
        double density = InverseSqrt2Pi * Math.Exp(-0.5 * x * x);
        return cdf + x * density;
    }
}
