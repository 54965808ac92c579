using System.Numerics.Tensors;

namespace Attention;

/// <summary>
/// The kernel behind the sparse patterns (Longformer, BigBird, Reformer): each query scores only the keys its pattern
/// lists, so the work is the number of allowed pairs, never T·S. One row at a time: list the keys, score them, softmax
/// the short row, sum the values.
/// </summary>
internal static class SparseKernel
{
    /// <summary>Fills <c>keys</c> with the sorted key indices query <c>query</c> may attend to.</summary>
    internal delegate void KeysOfQuery(int query, List<int> keys);

    /// <summary>
    /// Attention over the listed keys only. A query with no listed key gets a zero output.
    /// Working memory: the key list and the scores of one row, <paramref name="maxKeysPerQuery"/> each.
    /// </summary>
    /// <param name="queries">Shape: (T, Dk).</param>
    /// <param name="keys">Shape: (S, Dk).</param>
    /// <param name="values">Shape: (S, Dv).</param>
    /// <param name="scale">Multiplies the dot products.</param>
    /// <param name="maxKeysPerQuery">The longest key list any query gets.</param>
    /// <param name="keysOf">Lists the keys of one query.</param>
    /// <returns>Shape: (T, Dv).</returns>
    internal static Matrix Attend(Matrix queries, Matrix keys, Matrix values, float scale, int maxKeysPerQuery, KeysOfQuery keysOf)
    {
        var output = new Matrix(queries.Rows, values.Cols);
        var listed = new List<int>(maxKeysPerQuery);
        var scores = new float[maxKeysPerQuery];
        for (int t = 0; t < queries.Rows; t++)
        {
            listed.Clear();
            keysOf(t, listed);
            if (listed.Count == 0) continue; // no key to attend to: zero output
            Span<float> rowScores = scores.AsSpan(0, listed.Count);
            ReadOnlySpan<float> query = queries.Row(t);
            for (int i = 0; i < listed.Count; i++)
                rowScores[i] = TensorPrimitives.Dot(query, keys.Row(listed[i])) * scale;   // q_t · k_s
            Ops.SoftmaxRow(rowScores, rowScores, 1f);                                      // weights in place
            Span<float> outputRow = output.Row(t);
            for (int i = 0; i < listed.Count; i++)
                TensorPrimitives.MultiplyAdd(values.Row(listed[i]), rowScores[i], outputRow, outputRow); // += w_s · v_s
        }
        return output;
    }

    /// <summary>Builds the (T, S) mask of a pattern from the same key lists the kernel uses.</summary>
    internal static Mask ToMask(int seqLenQ, int seqLenK, KeysOfQuery keysOf)
    {
        var allowed = new bool[seqLenQ, seqLenK];
        var listed = new List<int>();
        for (int t = 0; t < seqLenQ; t++)
        {
            listed.Clear();
            keysOf(t, listed);
            foreach (int s in listed) allowed[t, s] = true;
        }
        return Mask.FromArray(allowed);
    }

    /// <summary>The guards shared by the sparse methods: matching widths, one value per key.</summary>
    internal static void ThrowIfBadArguments(Matrix queries, Matrix keys, Matrix values, float? scale)
    {
        Ops.ThrowIfBadAttentionArguments(queries, keys, values, mask: null, scale, bias: null);
    }
}
