using System.Numerics.Tensors;

namespace Attention;

public static partial class Ops
{
    /// <summary>
    /// Row-wise softmax: row t becomes exp((x − max)/τ) / Σ exp((x − max)/τ). Subtracting the row max first keeps every
    /// exponent ≤ 0, so logits of ±1e4 give finite, exact results (a plain exp overflows above ~88).
    /// </summary>
    /// <remarks>
    /// Special values, row by row: a row whose entries are all −∞ (fully masked) gives all zeros; any NaN makes the
    /// whole row NaN; a +∞ entry makes the whole row NaN (∞ − ∞); −∞ entries get weight exactly 0.
    /// </remarks>
    /// <param name="scores">The logits, one distribution per row. Shape: (T, S).</param>
    /// <param name="temperature">τ &gt; 0 divides the logits: τ &lt; 1 sharpens, τ &gt; 1 flattens. Finite and not subnormal, so 1/τ is finite. Shape: scalar.</param>
    /// <returns>A new matrix whose rows sum to 1. Shape: (T, S).</returns>
    /// <exception cref="ArgumentOutOfRangeException">temperature is not a positive normal number (NaN, ≤ 0, ∞ or subnormal, whose reciprocal overflows).</exception>
    public static Matrix Softmax(Matrix scores, float temperature = 1f)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ThrowHelper.ThrowIfBadTemperature(temperature);
        var weights = new Matrix(scores.Rows, scores.Cols);
        for (int t = 0; t < scores.Rows; t++)
            SoftmaxRow(scores.Row(t), weights.Row(t), 1f / temperature);
        return weights;
    }

    /// <summary>
    /// Softmax of one vector, max-subtracting as <see cref="Softmax(Matrix, float)"/>. <paramref name="destination"/> may be
    /// the same span as <paramref name="logits"/> (in place).
    /// </summary>
    /// <param name="logits">The logits. Shape: (S).</param>
    /// <param name="destination">Receives the probabilities. Shape: (S).</param>
    /// <param name="temperature">τ &gt; 0 divides the logits. Shape: scalar.</param>
    /// <exception cref="ArgumentException">logits is empty or destination has a different length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">temperature is not a positive normal number (NaN, ≤ 0, ∞ or subnormal, whose reciprocal overflows).</exception>
    public static void Softmax(ReadOnlySpan<float> logits, Span<float> destination, float temperature = 1f)
    {
        ThrowIfBadSpans(logits, destination);
        ThrowHelper.ThrowIfBadTemperature(temperature);
        SoftmaxRow(logits, destination, 1f / temperature);
    }

    /// <summary>
    /// Masked row-wise softmax: where <paramref name="mask"/> is false the score counts as −∞ and gets weight 0.
    /// A row with no allowed entry (fully masked) gets all-zero weights rather than NaN.
    /// </summary>
    /// <param name="scores">The logits. Shape: (T, S).</param>
    /// <param name="mask">true = may attend. Shape: (T, S).</param>
    /// <param name="temperature">τ &gt; 0 divides the logits. Shape: scalar.</param>
    /// <returns>A new matrix whose rows sum to 1, or to 0 when fully masked. Shape: (T, S).</returns>
    /// <exception cref="ArgumentException">mask and scores have different shapes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">temperature is not a positive normal number (NaN, ≤ 0, ∞ or subnormal, whose reciprocal overflows).</exception>
    public static Matrix Softmax(Matrix scores, Mask mask, float temperature = 1f)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Queries != scores.Rows || mask.Keys != scores.Cols)
            ThrowHelper.ThrowArgument(nameof(mask), $"mask is {mask.ShapeString} but scores is {scores.ShapeString}; they must have the same shape.");
        ThrowHelper.ThrowIfBadTemperature(temperature);
        var weights = scores.Clone();
        ApplyMask(weights, mask);
        for (int t = 0; t < weights.Rows; t++)
            SoftmaxRow(weights.Row(t), weights.Row(t), 1f / temperature);
        return weights;
    }

    /// <summary>
    /// Row-wise log-softmax: x − max − log Σ exp(x − max), computed without forming the softmax, so it stays finite where
    /// log(softmax) would give −∞. A fully −∞ row gives all −∞ (log 0); NaN or +∞ in a row makes the row NaN.
    /// </summary>
    /// <param name="scores">The logits. Shape: (T, S).</param>
    /// <returns>A new matrix of log-probabilities. Shape: (T, S).</returns>
    public static Matrix LogSoftmax(Matrix scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var result = new Matrix(scores.Rows, scores.Cols);
        for (int t = 0; t < scores.Rows; t++)
            LogSoftmaxRow(scores.Row(t), result.Row(t));
        return result;
    }

    /// <summary>Log-softmax of one vector; <paramref name="destination"/> may be the same span as <paramref name="logits"/>.</summary>
    /// <param name="logits">The logits. Shape: (S).</param>
    /// <param name="destination">Receives the log-probabilities. Shape: (S).</param>
    /// <exception cref="ArgumentException">logits is empty or destination has a different length.</exception>
    public static void LogSoftmax(ReadOnlySpan<float> logits, Span<float> destination)
    {
        ThrowIfBadSpans(logits, destination);
        LogSoftmaxRow(logits, destination);
    }

    /// <summary>The stable softmax of one row; destination may alias logits.</summary>
    internal static void SoftmaxRow(ReadOnlySpan<float> logits, Span<float> destination, float inverseTemperature)
    {
        float max = TensorPrimitives.Max(logits); // NaN if any entry is NaN
        if (float.IsNegativeInfinity(max))
        {
            destination.Clear(); // fully masked: no key to attend to
            return;
        }
        TensorPrimitives.Subtract(logits, max, destination);
        if (inverseTemperature != 1f) TensorPrimitives.Multiply(destination, inverseTemperature, destination);
        TensorPrimitives.Exp(destination, destination);
        float sum = TensorPrimitives.Sum(destination);
        TensorPrimitives.Multiply(destination, 1f / sum, destination);
    }

    private static void LogSoftmaxRow(ReadOnlySpan<float> logits, Span<float> destination)
    {
        float max = TensorPrimitives.Max(logits);
        if (float.IsNegativeInfinity(max))
        {
            destination.Fill(float.NegativeInfinity);
            return;
        }
        TensorPrimitives.Subtract(logits, max, destination);
        // Σ exp(x − max) ≥ 1 (the max contributes exp(0)), so its log is finite and ≥ 0.
        float logSum = 0f;
        foreach (float shifted in destination) logSum += MathF.Exp(shifted);
        logSum = MathF.Log(logSum);
        TensorPrimitives.Subtract(destination, logSum, destination);
    }

    /// <summary>Sets every blocked score to −∞.</summary>
    internal static void ApplyMask(Matrix scores, Mask mask)
    {
        for (int t = 0; t < scores.Rows; t++)
        {
            ReadOnlySpan<bool> allowed = mask.Row(t);
            Span<float> row = scores.Row(t);
            for (int s = 0; s < row.Length; s++)
                if (!allowed[s]) row[s] = float.NegativeInfinity;
        }
    }

    private static void ThrowIfBadSpans(ReadOnlySpan<float> logits, Span<float> destination)
    {
        if (logits.IsEmpty)
            ThrowHelper.ThrowArgument(nameof(logits), "logits is (0); softmax needs at least one logit.");
        if (destination.Length != logits.Length)
            ThrowHelper.ThrowArgument(nameof(destination), $"destination is ({destination.Length}) but logits is ({logits.Length}); they must have the same length.");
    }
}
