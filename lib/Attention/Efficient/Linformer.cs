namespace Attention;

/// <summary>
/// Linformer (Wang et al., 2020): project the keys and the values <b>along the sequence</b> from S rows down to k rows,
/// with E and F of shape (k, S), then attend to the k projected rows:
/// output = softmax(Q·(E·K)ᵀ·scale)·(F·V). The scores are (T, k) instead of (T, S), so the cost is O(n·k).
/// </summary>
/// <remarks>
/// In the paper E and F are learned. Two fixed choices are provided: a seeded Gaussian projection with entries of
/// variance 1/k (the random projection of the paper's analysis), and mean pooling over k contiguous segments (one of the
/// "general projections" the paper lists), which is exact when keys and values are constant within each segment.
/// With E = F = I (k = S) Linformer is exactly dense attention.
/// </remarks>
public static class Linformer
{
    /// <summary>
    /// Linformer attention: softmax(Q·(E·K)ᵀ·scale)·(F·V).
    /// </summary>
    /// <param name="queries">Q. Shape: (T, Dk).</param>
    /// <param name="keys">K. Shape: (S, Dk).</param>
    /// <param name="values">V. Shape: (S, Dv).</param>
    /// <param name="keyProjection">E, mixes the S keys into k rows. Shape: (k, S).</param>
    /// <param name="valueProjection">F, mixes the S values into k rows. Shape: (k, S).</param>
    /// <param name="scale">Multiplies the dot products; defaults to 1/√Dk. Shape: scalar.</param>
    /// <returns>The attention output. Shape: (T, Dv).</returns>
    public static Matrix Attention(Matrix queries, Matrix keys, Matrix values, Matrix keyProjection, Matrix valueProjection, float? scale = null)
    {
        Ops.ThrowIfBadAttentionArguments(queries, keys, values, mask: null, scale, bias: null);
        ThrowIfBadProjection(keyProjection, keys.Rows, nameof(keyProjection));
        ThrowIfBadProjection(valueProjection, keys.Rows, nameof(valueProjection));
        if (valueProjection.Rows != keyProjection.Rows)
            ThrowHelper.ThrowArgument(nameof(valueProjection), $"valueProjection is {valueProjection.ShapeString} but keyProjection is {keyProjection.ShapeString}; both project to the same k rows.");
        var weights = Weights(queries, keys, keyProjection, scale ?? 1f / MathF.Sqrt(queries.Cols));   // (T, k)
        var projectedValues = Ops.MatMul(valueProjection, values);      // (k,S) x (S,Dv) -> (k,Dv)
        return Ops.MatMul(weights, projectedValues);                    // (T,k) x (k,Dv) -> (T,Dv)
    }

    /// <summary>
    /// The weights Linformer computes: softmax(Q·(E·K)ᵀ·scale), one row per query over the k projected keys.
    /// Shape: (T, k).
    /// </summary>
    /// <param name="queries">Q. Shape: (T, Dk).</param>
    /// <param name="keys">K. Shape: (S, Dk).</param>
    /// <param name="keyProjection">E. Shape: (k, S).</param>
    /// <param name="scale">Multiplies the dot products; defaults to 1/√Dk. Shape: scalar.</param>
    public static Matrix ProjectedWeights(Matrix queries, Matrix keys, Matrix keyProjection, float? scale = null)
    {
        Ops.ThrowIfBadAttentionArguments(queries, keys, keys, mask: null, scale, bias: null);
        ThrowIfBadProjection(keyProjection, keys.Rows, nameof(keyProjection));
        return Weights(queries, keys, keyProjection, scale ?? 1f / MathF.Sqrt(queries.Cols));
    }

    private static Matrix Weights(Matrix queries, Matrix keys, Matrix keyProjection, float scale)
    {
        var projectedKeys = Ops.MatMul(keyProjection, keys);             // (k,S) x (S,Dk) -> (k,Dk)
        var scores = Ops.MatMulTransposed(queries, projectedKeys);       // (T,Dk) x (k,Dk)ᵀ -> (T,k)
        for (int t = 0; t < scores.Rows; t++)
        {
            Span<float> row = scores.Row(t);
            System.Numerics.Tensors.TensorPrimitives.Multiply(row, scale, row);
            Ops.SoftmaxRow(row, row, 1f);                                // weights in place
        }
        return scores;
    }

    /// <summary>
    /// A seeded Gaussian projection with entries N(0, 1/k), so that E·Eᵀ ≈ I on average. Shape: (k, S).
    /// </summary>
    /// <param name="projectedLength">k, the rows after projection.</param>
    /// <param name="seqLen">S, the sequence length being projected.</param>
    /// <param name="seed">Seed of the random generator.</param>
    public static Matrix RandomProjection(int projectedLength, int seqLen, int seed)
    {
        ThrowHelper.ThrowIfNotPositive(projectedLength);
        ThrowHelper.ThrowIfNotPositive(seqLen);
        return Matrix.RandomNormal(projectedLength, seqLen, seed, std: 1f / MathF.Sqrt(projectedLength));
    }

    /// <summary>
    /// Mean pooling: row i averages the positions ⌊i·S/k⌋ … ⌊(i+1)·S/k⌋ − 1, contiguous segments covering the sequence.
    /// Shape: (k, S).
    /// </summary>
    /// <param name="projectedLength">k, the rows after projection (1 … S).</param>
    /// <param name="seqLen">S, the sequence length being projected.</param>
    public static Matrix PoolingProjection(int projectedLength, int seqLen)
    {
        ThrowHelper.ThrowIfNotPositive(projectedLength);
        ThrowHelper.ThrowIfNotPositive(seqLen);
        if (projectedLength > seqLen)
            throw new ArgumentOutOfRangeException(nameof(projectedLength), projectedLength, $"projectedLength must be at most seqLen = {seqLen} for pooling but is {projectedLength}.");
        var projection = new Matrix(projectedLength, seqLen);
        for (int i = 0; i < projectedLength; i++)
        {
            int start = (int)((long)i * seqLen / projectedLength), end = (int)((long)(i + 1) * seqLen / projectedLength);
            for (int s = start; s < end; s++) projection[i, s] = 1f / (end - start);
        }
        return projection;
    }

    /// <summary>
    /// The cost of <see cref="Attention"/>: projecting keys and values (2·k·S·(Dk + Dv) FLOPs), then attention of T
    /// queries over k rows (2·T·k·(Dk + Dv)); working memory E·K (k, Dk), F·V (k, Dv) and the (T, k) weights.
    /// </summary>
    /// <param name="seqLenQ">T, the number of queries.</param>
    /// <param name="seqLenK">S, the number of keys.</param>
    /// <param name="dK">Dk, the query and key width.</param>
    /// <param name="dV">Dv, the value width.</param>
    /// <param name="projectedLength">k, the rows after projection.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or the counts do not fit a long.</exception>
    public static AttentionCost Cost(int seqLenQ, int seqLenK, int dK, int dV, int projectedLength)
    {
        AttentionCost.ThrowIfNotPositive(seqLenQ, seqLenK, dK, dV);
        ThrowHelper.ThrowIfNotPositive(projectedLength);
        return AttentionCost.Count("Linformer", () =>
        {
            long k = projectedLength, pairs = seqLenQ * k, width = (long)dK + dV;
            long flops = checked(2 * k * seqLenK * width + 2 * pairs * width);
            return (pairs, flops, checked(k * width + pairs));
        }, (nameof(seqLenQ), seqLenQ), (nameof(seqLenK), seqLenK), (nameof(dK), dK), (nameof(dV), dV), (nameof(projectedLength), projectedLength));
    }

    private static void ThrowIfBadProjection(Matrix projection, int seqLen, string name)
    {
        ArgumentNullException.ThrowIfNull(projection, name);
        if (projection.Cols != seqLen)
            ThrowHelper.ThrowArgument(name, $"{name} is {projection.ShapeString} but there are S = {seqLen} keys; a projection is (k, S).");
    }
}
