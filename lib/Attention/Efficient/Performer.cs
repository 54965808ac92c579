using System.Numerics.Tensors;

namespace Attention;

/// <summary>
/// Performer's FAVOR+ (Choromanski et al., 2021): approximate the softmax kernel exp(q·k/√Dk) by a dot product of
/// positive random features, φ(q)·φ(k), so attention can be regrouped as φ(Q)·(φ(K)ᵀ·V): (T, M)·(M, Dv) instead of
/// (T, S)·(S, Dv). With M features the cost is O(n·M·(Dk + Dv)), linear in n.
/// </summary>
/// <remarks>
/// <para>The feature map of x (after scaling x by Dk^(−1/4), so that q'·k' = q·k/√Dk) is
/// φ(x) = exp(W·x − ‖x‖²/2)/√M, with the rows of W (M, Dk) drawn from N(0, I). Then E[φ(q)·φ(k)] = exp(q'·k') exactly:
/// the estimate is unbiased, and its relative error falls like 1/√M. FAVOR+ draws the rows in orthogonal blocks of Dk
/// (each row still N(0, I) on its own), which lowers the variance further.</para>
/// <para>Attention divides by the row sums: output_t = Σ_s φ(q_t)·φ(k_s) v_s / Σ_s φ(q_t)·φ(k_s). The causal form
/// keeps running sums over the keys seen so far (prefix sums), and equals the masked (T, S) form.
/// Inside <see cref="Attention"/> the exponents are shifted by their maximum (per query row, and once over all keys);
/// the shifts cancel in the division, and keep exp from overflowing.</para>
/// </remarks>
public static class Performer
{
    /// <summary>
    /// M random feature directions for Dk-dimensional inputs: rows drawn from N(0, I); with <paramref name="orthogonal"/>
    /// each block of Dk rows is made orthogonal (Gram–Schmidt) and each row rescaled to the length of an independent
    /// N(0, I) vector. Shape: (M, Dk).
    /// </summary>
    /// <param name="numFeatures">M, the number of random features.</param>
    /// <param name="dK">Dk, the query and key width.</param>
    /// <param name="seed">Seed of the random generator.</param>
    /// <param name="orthogonal">Orthogonal blocks (FAVOR+) rather than independent rows.</param>
    public static Matrix RandomFeatures(int numFeatures, int dK, int seed, bool orthogonal = true)
    {
        ThrowHelper.ThrowIfNotPositive(numFeatures);
        ThrowHelper.ThrowIfNotPositive(dK);
        var features = Matrix.RandomNormal(numFeatures, dK, seed);
        if (!orthogonal) return features;
        var lengths = Matrix.RandomNormal(numFeatures, dK, unchecked(seed * 7919 + 1));   // independent lengths
        for (int start = 0; start < numFeatures; start += dK)
            for (int i = start; i < Math.Min(numFeatures, start + dK); i++)
            {
                Span<float> row = features.Row(i);
                for (int j = start; j < i; j++)                        // remove the parts along earlier rows
                    TensorPrimitives.MultiplyAdd(features.Row(j), -TensorPrimitives.Dot(row, features.Row(j)), row, row);
                TensorPrimitives.Multiply(row, 1f / TensorPrimitives.Norm(row), row);       // unit length
            }
        for (int i = 0; i < numFeatures; i++)
            TensorPrimitives.Multiply(features.Row(i), TensorPrimitives.Norm(lengths.Row(i)), features.Row(i)); // χ(Dk) length
        return features;
    }

    /// <summary>
    /// The positive random features φ(x) = exp(W·x' − ‖x'‖²/2)/√M with x' = x·Dk^(−1/4), without any shift, so that
    /// φ(q)·φ(k) is an unbiased estimate of exp(q·k/√Dk). Shape: (T, M).
    /// </summary>
    /// <param name="x">Queries or keys, one per row. Shape: (T, Dk).</param>
    /// <param name="features">W from <see cref="RandomFeatures"/>. Shape: (M, Dk).</param>
    public static Matrix FeatureMap(Matrix x, Matrix features)
    {
        ThrowIfBadFeatures(x, features, nameof(x));
        var phi = Exponents(x, features);
        TensorPrimitives.Exp(phi.Data, phi.Data);
        TensorPrimitives.Multiply(phi.Data, 1f / MathF.Sqrt(features.Rows), phi.Data);
        return phi;
    }

    /// <summary>
    /// FAVOR+ attention: φ(Q)·(φ(K)ᵀ·V) divided row-wise by φ(Q)·(φ(K)ᵀ·1); with <paramref name="causal"/>, by prefix
    /// sums over the keys up to each query (bottom-right aligned like <see cref="Mask.Causal(int, int)"/>).
    /// </summary>
    /// <param name="queries">Q. Shape: (T, Dk).</param>
    /// <param name="keys">K. Shape: (S, Dk).</param>
    /// <param name="values">V. Shape: (S, Dv).</param>
    /// <param name="features">W from <see cref="RandomFeatures"/>. Shape: (M, Dk).</param>
    /// <param name="causal">Query t sees keys 0 … S − T + t only.</param>
    /// <returns>The approximate attention output. Shape: (T, Dv).</returns>
    public static Matrix Attention(Matrix queries, Matrix keys, Matrix values, Matrix features, bool causal = false)
    {
        Ops.ThrowIfBadAttentionArguments(queries, keys, values, mask: null, scale: null, bias: null);
        ThrowIfBadFeatures(queries, features, nameof(queries));
        if (causal && queries.Rows > keys.Rows)
            ThrowHelper.ThrowArgument(nameof(queries), $"queries is {queries.ShapeString} but keys is {keys.ShapeString}; causal attention places the T queries at the end of the S keys, so T must not exceed S.");
        var phiQ = StabilisedFeatures(queries, features, perRow: true);     // (T, M)
        var phiK = StabilisedFeatures(keys, features, perRow: false);       // (S, M)
        return causal ? CausalAttention(phiQ, phiK, values) : BidirectionalAttention(phiQ, phiK, values);
    }

    /// <summary>
    /// The (T, S) attention matrix Performer implies, φ(q_t)·φ(k_s) normalised per row, optionally under a mask: for
    /// plots and tests. Building it costs O(T·S); <see cref="Attention"/> never does. Shape: (T, S).
    /// </summary>
    /// <param name="queries">Q. Shape: (T, Dk).</param>
    /// <param name="keys">K. Shape: (S, Dk).</param>
    /// <param name="features">W from <see cref="RandomFeatures"/>. Shape: (M, Dk).</param>
    /// <param name="mask">Optional; true = may attend. Shape: (T, S).</param>
    public static Matrix ApproximateWeights(Matrix queries, Matrix keys, Matrix features, Mask? mask = null)
    {
        Ops.ThrowIfBadAttentionArguments(queries, keys, keys, mask, null, null);
        ThrowIfBadFeatures(queries, features, nameof(queries));
        var kernel = Ops.MatMulTransposed(StabilisedFeatures(queries, features, true), StabilisedFeatures(keys, features, false)); // (T,M) x (S,M)ᵀ -> (T,S)
        for (int t = 0; t < kernel.Rows; t++)
        {
            Span<float> row = kernel.Row(t);
            if (mask is not null)
                for (int s = 0; s < row.Length; s++) if (!mask[t, s]) row[s] = 0f;
            float sum = TensorPrimitives.Sum(row);
            if (sum > 0f) TensorPrimitives.Multiply(row, 1f / sum, row);
        }
        return kernel;
    }

    /// <summary>
    /// The cost of <see cref="Attention"/>: feature maps 2·(T + S)·M·Dk FLOPs, then φ(K)ᵀ·[V, 1] and φ(Q)·that,
    /// 2·(S + T)·M·(Dv + 1); working memory φ(Q) (T, M), φ(K) (S, M) and the (M, Dv + 1) sums. Pairs: none are
    /// scored; reported as T·M feature products.
    /// </summary>
    /// <param name="seqLenQ">T, the number of queries.</param>
    /// <param name="seqLenK">S, the number of keys.</param>
    /// <param name="dK">Dk, the query and key width.</param>
    /// <param name="dV">Dv, the value width.</param>
    /// <param name="numFeatures">M, the number of random features.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or the counts do not fit a long.</exception>
    public static AttentionCost Cost(int seqLenQ, int seqLenK, int dK, int dV, int numFeatures)
    {
        AttentionCost.ThrowIfNotPositive(seqLenQ, seqLenK, dK, dV);
        ThrowHelper.ThrowIfNotPositive(numFeatures);
        return AttentionCost.Count("Performer", () =>
        {
            long m = numFeatures, rows = (long)seqLenQ + seqLenK, sums = (long)dV + 1;
            long flops = checked(2 * rows * m * dK + 2 * rows * m * sums);
            long working = checked(rows * m + m * sums);
            return (seqLenQ * m, flops, working);
        }, (nameof(seqLenQ), seqLenQ), (nameof(seqLenK), seqLenK), (nameof(dK), dK), (nameof(dV), dV), (nameof(numFeatures), numFeatures));
    }

    /// <summary>W·x' − ‖x'‖²/2 for every row, with x' = x·Dk^(−1/4). Shape: (T, M).</summary>
    private static Matrix Exponents(Matrix x, Matrix features)
    {
        float inputScale = 1f / MathF.Pow(x.Cols, 0.25f);
        var exponents = Ops.MatMulTransposed(x, features);                  // (T,Dk) x (M,Dk)ᵀ -> (T,M)
        TensorPrimitives.Multiply(exponents.Data, inputScale, exponents.Data);
        for (int t = 0; t < x.Rows; t++)
        {
            float halfNormSquared = 0.5f * inputScale * inputScale * TensorPrimitives.Dot(x.Row(t), x.Row(t));
            TensorPrimitives.Subtract(exponents.Row(t), halfNormSquared, exponents.Row(t));
        }
        return exponents;
    }

    /// <summary>
    /// φ shifted by a maximum before exp: per row for queries (a per-query factor cancels in that query's division), one
    /// maximum over all keys (a common factor cancels everywhere). The 1/√M factor cancels too and is left out.
    /// </summary>
    private static Matrix StabilisedFeatures(Matrix x, Matrix features, bool perRow)
    {
        var phi = Exponents(x, features);
        if (perRow)
            for (int t = 0; t < phi.Rows; t++) TensorPrimitives.Subtract(phi.Row(t), TensorPrimitives.Max(phi.Row(t)), phi.Row(t));
        else
            TensorPrimitives.Subtract(phi.Data, TensorPrimitives.Max(phi.Data), phi.Data);
        TensorPrimitives.Exp(phi.Data, phi.Data);
        return phi;
    }

    /// <summary>φ(Q)·(φ(K)ᵀ·[V, 1]), then divide by the last column.</summary>
    private static Matrix BidirectionalAttention(Matrix phiQ, Matrix phiK, Matrix values)
    {
        var keyValueSums = new Matrix(phiK.Cols, values.Cols + 1);           // (M, Dv + 1): Σ_s φ(k_s)ᵢ·[v_s, 1]
        for (int s = 0; s < phiK.Rows; s++)
            AddOuterProduct(keyValueSums, phiK.Row(s), values.Row(s));
        var output = new Matrix(phiQ.Rows, values.Cols);
        for (int t = 0; t < phiQ.Rows; t++)
            ReadOut(keyValueSums, phiQ.Row(t), output.Row(t));
        return output;
    }

    /// <summary>The same sums, built up key by key: query t reads them once keys 0 … S − T + t are in.</summary>
    private static Matrix CausalAttention(Matrix phiQ, Matrix phiK, Matrix values)
    {
        var keyValueSums = new Matrix(phiK.Cols, values.Cols + 1);           // (M, Dv + 1) prefix sums
        var output = new Matrix(phiQ.Rows, values.Cols);
        int offset = phiK.Rows - phiQ.Rows, added = 0;
        for (int t = 0; t < phiQ.Rows; t++)
        {
            for (; added <= t + offset; added++)
                AddOuterProduct(keyValueSums, phiK.Row(added), values.Row(added));
            ReadOut(keyValueSums, phiQ.Row(t), output.Row(t));
        }
        return output;
    }

    /// <summary>sums += φ(k)ᵀ·[v, 1]: row i of the sums gains φ(k)ᵢ·[v, 1].</summary>
    private static void AddOuterProduct(Matrix sums, ReadOnlySpan<float> phiKey, ReadOnlySpan<float> value)
    {
        int dV = value.Length;
        for (int i = 0; i < phiKey.Length; i++)
        {
            Span<float> row = sums.Row(i);
            TensorPrimitives.MultiplyAdd(value, phiKey[i], row[..dV], row[..dV]);
            row[dV] += phiKey[i];
        }
    }

    /// <summary>output = φ(q)·sums[:, :Dv] / φ(q)·sums[:, Dv].</summary>
    private static void ReadOut(Matrix sums, ReadOnlySpan<float> phiQuery, Span<float> output)
    {
        int dV = output.Length;
        float normaliser = 0f;
        for (int i = 0; i < phiQuery.Length; i++)
        {
            ReadOnlySpan<float> row = sums.Row(i);
            TensorPrimitives.MultiplyAdd(row[..dV], phiQuery[i], output, output);
            normaliser += phiQuery[i] * row[dV];
        }
        TensorPrimitives.Multiply(output, 1f / normaliser, output);
    }

    private static void ThrowIfBadFeatures(Matrix x, Matrix features, string name)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        ArgumentNullException.ThrowIfNull(features);
        if (features.Cols != x.Cols)
            ThrowHelper.ThrowArgument(nameof(features), $"features is {features.ShapeString} but {name} is {x.ShapeString}; the features need Dk = {x.Cols} columns.");
    }
}
