namespace Attention;

/// <summary>
/// Plain scalar-loop versions of the operations in <see cref="Ops"/>: each one is the textbook formula, written so it can
/// be read line by line. They are the references the tests compare the fast kernels against, and slow (a 512³ product
/// takes about a second). Arguments are checked like the fast versions.
/// </summary>
public static class Naive
{
    /// <summary>The matrix product a·b by the definition: c[i, j] = Σₖ a[i, k]·b[k, j], summed in double.</summary>
    /// <param name="a">Left factor. Shape: (M, K).</param>
    /// <param name="b">Right factor. Shape: (K, N).</param>
    /// <returns>A new matrix. Shape: (M, N).</returns>
    /// <exception cref="ArgumentException">b does not have a.Cols rows.</exception>
    public static Matrix MatMul(Matrix a, Matrix b)
    {
        Ops.ThrowIfCannotMultiply(a, b);
        var c = new Matrix(a.Rows, b.Cols);
        for (int i = 0; i < a.Rows; i++)
            for (int j = 0; j < b.Cols; j++)
            {
                double sum = 0;
                for (int k = 0; k < a.Cols; k++) sum += (double)a[i, k] * b[k, j];
                c[i, j] = (float)sum;
            }
        return c;
    }

    /// <summary>The product a·bᵀ by the definition: c[i, j] = Σₖ a[i, k]·b[j, k], summed in double.</summary>
    /// <param name="a">Left factor. Shape: (M, K).</param>
    /// <param name="b">Right factor, used transposed. Shape: (N, K).</param>
    /// <returns>A new matrix. Shape: (M, N).</returns>
    /// <exception cref="ArgumentException">a and b have different numbers of columns.</exception>
    public static Matrix MatMulTransposed(Matrix a, Matrix b)
    {
        Ops.ThrowIfCannotMultiplyTransposed(a, b);
        var c = new Matrix(a.Rows, b.Rows);
        for (int i = 0; i < a.Rows; i++)
            for (int j = 0; j < b.Rows; j++)
            {
                double sum = 0;
                for (int k = 0; k < a.Cols; k++) sum += (double)a[i, k] * b[j, k];
                c[i, j] = (float)sum;
            }
        return c;
    }

    /// <summary>
    /// Row-wise softmax in double: subtract the row max, exponentiate, divide by the sum. Same special values as
    /// <see cref="Ops.Softmax(Matrix, float)"/>: an all −∞ row gives zeros, NaN or +∞ in a row gives a NaN row.
    /// </summary>
    /// <param name="scores">The logits. Shape: (T, S).</param>
    /// <param name="temperature">τ &gt; 0 divides the logits. Shape: scalar.</param>
    /// <returns>A new matrix whose rows sum to 1. Shape: (T, S).</returns>
    /// <exception cref="ArgumentOutOfRangeException">temperature is not a positive normal number (NaN, ≤ 0, ∞ or subnormal).</exception>
    public static Matrix Softmax(Matrix scores, float temperature = 1f)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ThrowHelper.ThrowIfBadTemperature(temperature);
        var weights = new Matrix(scores.Rows, scores.Cols);
        for (int t = 0; t < scores.Rows; t++)
        {
            double max = double.NegativeInfinity;
            bool hasNaN = false;
            for (int s = 0; s < scores.Cols; s++)
            {
                hasNaN |= float.IsNaN(scores[t, s]);
                max = Math.Max(max, scores[t, s]);
            }
            if (hasNaN) max = double.NaN;
            if (double.IsNegativeInfinity(max)) continue; // fully masked row: zeros

            double sum = 0;
            var e = new double[scores.Cols];
            for (int s = 0; s < scores.Cols; s++)
            {
                e[s] = Math.Exp((scores[t, s] - max) / temperature);
                sum += e[s];
            }
            for (int s = 0; s < scores.Cols; s++) weights[t, s] = (float)(e[s] / sum);
        }
        return weights;
    }

    /// <summary>
    /// Scaled dot-product attention by the formula, one loop per step: scores[t, s] = scale·Σ queries[t, ·]·keys[s, ·] + bias[t, s],
    /// −∞ where the mask blocks; weights = softmax(scores) per row; output[t, ·] = Σₛ weights[t, s]·values[s, ·].
    /// Same conventions as <see cref="Ops.ScaledDotProductAttention"/>.
    /// </summary>
    /// <param name="queries">Q. Shape: (T, Dk).</param>
    /// <param name="keys">K. Shape: (S, Dk).</param>
    /// <param name="values">V. Shape: (S, Dv).</param>
    /// <param name="mask">Optional; true = may attend. Shape: (T, S).</param>
    /// <param name="scale">Multiplies the dot products; defaults to 1/√Dk. Shape: scalar.</param>
    /// <param name="bias">Optional additive score bias. Shape: (T, S).</param>
    /// <returns>Output (T, Dv), Weights (T, S), Scores (T, S).</returns>
    /// <exception cref="ArgumentException">The shapes do not fit together.</exception>
    public static AttentionResult ScaledDotProductAttention(Matrix queries, Matrix keys, Matrix values, Mask? mask = null, float? scale = null, Matrix? bias = null)
    {
        Ops.ThrowIfBadAttentionArguments(queries, keys, values, mask, scale, bias);
        int seqLenQ = queries.Rows, seqLenK = keys.Rows, dK = queries.Cols, dV = values.Cols;
        double factor = scale ?? 1.0 / Math.Sqrt(dK);

        var scores = new Matrix(seqLenQ, seqLenK);
        for (int t = 0; t < seqLenQ; t++)
            for (int s = 0; s < seqLenK; s++)
            {
                if (mask is not null && !mask[t, s])
                {
                    scores[t, s] = float.NegativeInfinity;
                    continue;
                }
                double dot = 0;
                for (int d = 0; d < dK; d++) dot += (double)queries[t, d] * keys[s, d];
                scores[t, s] = (float)(dot * factor + (bias?[t, s] ?? 0f));
            }

        var weights = Softmax(scores);

        var output = new Matrix(seqLenQ, dV);
        for (int t = 0; t < seqLenQ; t++)
            for (int d = 0; d < dV; d++)
            {
                double sum = 0;
                for (int s = 0; s < seqLenK; s++) sum += (double)weights[t, s] * values[s, d];
                output[t, d] = (float)sum;
            }
        return new AttentionResult(output, weights, scores);
    }
}
