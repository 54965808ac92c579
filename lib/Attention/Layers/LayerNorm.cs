using System.Numerics.Tensors;

namespace Attention;

/// <summary>
/// Layer normalisation (Ba et al., 2016), like <c>torch.nn.LayerNorm(dModel)</c>: each row is shifted to mean 0 and
/// scaled to variance 1, then scaled by <see cref="Gamma"/> and shifted by <see cref="Beta"/> per column:
/// <c>y = (x − mean) / √(var + ε) · γ + β</c>, with the biased variance (divide by D, not D − 1).
/// </summary>
public sealed class LayerNorm
{
    /// <summary>A layer norm with γ = 1 and β = 0 (PyTorch's initial values).</summary>
    /// <param name="dModel">D, the width of the rows it normalises. Shape: scalar.</param>
    /// <param name="epsilon">ε, added to the variance so a constant row does not divide by zero. Shape: scalar.</param>
    public LayerNorm(int dModel, float epsilon = 1e-5f)
    {
        ThrowHelper.ThrowIfNotPositive(dModel);
        Shapes.Length(dModel, nameof(dModel), "gamma vector");
        CheckEpsilon(epsilon);
        Gamma = new float[dModel];
        Gamma.AsSpan().Fill(1f);
        Beta = new float[dModel];
        Epsilon = epsilon;
    }

    /// <summary>A layer norm with given scale and shift (held, not copied), e.g. trained weights.</summary>
    /// <param name="gamma">γ, the per-column scale. Shape: (D).</param>
    /// <param name="beta">β, the per-column shift. Shape: (D).</param>
    /// <param name="epsilon">ε, added to the variance so a constant row does not divide by zero. Shape: scalar.</param>
    public LayerNorm(float[] gamma, float[] beta, float epsilon = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(gamma);
        ArgumentNullException.ThrowIfNull(beta);
        if (gamma.Length == 0)
            throw new ArgumentException("gamma is empty; it needs one entry per column.", nameof(gamma));
        if (beta.Length != gamma.Length)
            throw new ArgumentException($"beta has length {beta.Length} but gamma has length {gamma.Length}; both need one entry per column.", nameof(beta));
        CheckEpsilon(epsilon);
        Gamma = gamma;
        Beta = beta;
        Epsilon = epsilon;
    }

    /// <summary>γ, the per-column scale applied after normalising. Shape: (D).</summary>
    public float[] Gamma { get; }

    /// <summary>β, the per-column shift applied after scaling. Shape: (D).</summary>
    public float[] Beta { get; }

    /// <summary>ε, added to the variance before the square root.</summary>
    public float Epsilon { get; }

    /// <summary>D, the width of the rows it normalises.</summary>
    public int DModel => Gamma.Length;

    /// <summary>Normalises every row of <paramref name="x"/> independently, as a new matrix. Shape: (T, D).</summary>
    /// <param name="x">T vectors of width D. Shape: (T, D).</param>
    public Matrix Forward(Matrix x)
    {
        ThrowIfWrongWidth(x);
        var output = new Matrix(x.Rows, x.Cols);
        ForwardKernel(x, output);
        return output;
    }

    /// <summary>Normalises every row of <paramref name="x"/> independently into <paramref name="destination"/>.</summary>
    /// <param name="x">T vectors of width D. Shape: (T, D).</param>
    /// <param name="destination">Receives the result; may be <paramref name="x"/> itself. Shape: (T, D).</param>
    public void Forward(Matrix x, Matrix destination)
    {
        ThrowIfWrongWidth(x);
        ThrowHelper.ThrowIfShapesDiffer(x, destination, nameof(x), nameof(destination));
        ForwardKernel(x, destination);
    }

    private void ThrowIfWrongWidth(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Cols != DModel)
            throw new ArgumentException($"x is {x.ShapeString} but the layer norm has dModel = {DModel}; x needs {DModel} columns.", nameof(x));
    }

    private void ForwardKernel(Matrix x, Matrix destination)
    {
        for (int t = 0; t < x.Rows; t++)
            NormalizeRow(x.Row(t), destination.Row(t));
    }

    /// <summary>
    /// One row: the mean and the variance are accumulated in double, where neither the sum nor the sum of squares of
    /// finite floats (each at most float.MaxValue ≈ 3.4e38) can overflow; in float, a row of values near 1e20 would
    /// square to ∞ and normalise to 0 or NaN. destination may alias row.
    /// </summary>
    private void NormalizeRow(ReadOnlySpan<float> row, Span<float> destination)
    {
        double mean = 0;
        foreach (float value in row) mean += value;
        mean /= row.Length;
        double variance = 0;
        foreach (float value in row) variance += (value - mean) * (value - mean);
        variance /= row.Length;
        double inverseStd = 1.0 / Math.Sqrt(variance + Epsilon);
        for (int i = 0; i < row.Length; i++) destination[i] = (float)((row[i] - mean) * inverseStd);
        TensorPrimitives.FusedMultiplyAdd(destination, Gamma, Beta, destination);
    }

    private static void CheckEpsilon(float epsilon)
    {
        if (!(epsilon >= 0f) || float.IsInfinity(epsilon))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"epsilon must be a finite number ≥ 0 but is {epsilon}.");
    }

    /// <inheritdoc/>
    public override string ToString() => $"LayerNorm (D = {DModel}, ε = {Epsilon})";
}
