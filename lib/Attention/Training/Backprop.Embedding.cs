namespace Attention;

public static partial class Backprop
{
    /// <summary>
    /// Backward of an embedding lookup (the forward is <c>Embedding.Lookup</c>): row t of dY is added to the
    /// gradient of table row ids[t]. A token that occurs twice collects both rows; tokens not in the sequence get nothing.
    /// </summary>
    /// <param name="embedding">The table; it receives the gradient.</param>
    /// <param name="ids">The token ids of the forward. Shape: (T).</param>
    /// <param name="dOutput">dL/d(looked-up vectors). Shape: (T, D).</param>
    /// <param name="gradients">Where d(table) (V, D) is added.</param>
    public static void EmbeddingBackward(Embedding embedding, IReadOnlyList<int> ids, Matrix dOutput, Gradients gradients)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(gradients);
        ThrowIfGradientShape(dOutput, ids.Count, embedding.DModel, "the embedding lookup");
        var dTable = gradients.For(embedding.Table);
        for (int t = 0; t < ids.Count; t++)
        {
            if ((uint)ids[t] >= (uint)embedding.VocabSize)
                throw new ArgumentOutOfRangeException(nameof(ids), ids[t], $"ids[{t}] is {ids[t]} but the table is {embedding.Table.ShapeString}.");
            AddInto(dTable.Row(ids[t]), dOutput.Row(t));
        }
    }

    /// <summary>
    /// Backward of adding learned positions, y = x + P[0..T) (the forward is <c>LearnedPositionalEncoding.AddTo</c>):
    /// dP[t] += dY[t] for t &lt; T, and dx = dY (returned unchanged, since an addition passes its gradient through).
    /// </summary>
    /// <param name="encoding">The position table; it receives the gradient.</param>
    /// <param name="dOutput">dL/dy. Shape: (T, D).</param>
    /// <param name="gradients">Where d(table) (maxLen, D) is added.</param>
    /// <returns>dL/dx, which is <paramref name="dOutput"/>. Shape: (T, D).</returns>
    public static Matrix LearnedPositionalEncodingBackward(LearnedPositionalEncoding encoding, Matrix dOutput, Gradients gradients)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        ArgumentNullException.ThrowIfNull(dOutput);
        ArgumentNullException.ThrowIfNull(gradients);
        if (dOutput.Cols != encoding.DModel || dOutput.Rows > encoding.MaxLen)
            throw new ArgumentException($"dOutput is {dOutput.ShapeString} but the table is {encoding.Table.ShapeString}.", nameof(dOutput));
        var dTable = gradients.For(encoding.Table.Data);
        AddInto(dTable.AsSpan(0, dOutput.Data.Length), dOutput.Data); // rows 0..T−1 of the table
        return dOutput;
    }
}
