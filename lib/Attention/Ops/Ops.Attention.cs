using System.Numerics.Tensors;
using Attention.Kernels;

namespace Attention;

public static partial class Ops
{
    /// <summary>
    /// Scaled dot-product attention, softmax(queries·keysᵀ·scale + bias)·values, with blocked entries set to −∞ before a
    /// max-subtracting softmax. Query t gets the weighted average of the value rows, weighted by how well it matches each key.
    /// T may differ from S (cross-attention: queries from one sequence, keys and values from another).
    /// </summary>
    /// <remarks>
    /// <para>Fully masked rows: a query whose mask row is all false (or whose scores are all −∞ through <paramref name="bias"/>)
    /// gets all-zero weights and an all-zero output (PyTorch ≥ 2.5 does the same; 1.13 returned NaN).</para>
    /// <para>NaN and ∞ propagate and are never replaced, except that a blocked entry's score is −∞ whatever its inputs:
    /// a NaN in key s makes the weights NaN in every row that may attend to s, and leaves rows that block s untouched.
    /// A +∞ score makes its row's weights NaN. A NaN in value s reaches every output row, masked or not, because 0·NaN = NaN.</para>
    /// </remarks>
    /// <param name="queries">Q, one query vector per row. Shape: (T, Dk).</param>
    /// <param name="keys">K, one key vector per row. Shape: (S, Dk).</param>
    /// <param name="values">V, one value vector per row. Shape: (S, Dv).</param>
    /// <param name="mask">Optional; true = may attend. Shape: (T, S).</param>
    /// <param name="scale">Multiplies the dot products; defaults to 1/√Dk so scores keep unit variance. Shape: scalar.</param>
    /// <param name="bias">Optional additive score bias (e.g. ALiBi), added after scaling. Shape: (T, S).</param>
    /// <returns>Output (T, Dv), Weights (T, S) and Scores (T, S, with −∞ where blocked).</returns>
    /// <exception cref="ArgumentException">The shapes do not fit together; the message names the parameter and both shapes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">scale is NaN or infinite.</exception>
    public static AttentionResult ScaledDotProductAttention(Matrix queries, Matrix keys, Matrix values, Mask? mask = null, float? scale = null, Matrix? bias = null)
    {
        ThrowIfBadAttentionArguments(queries, keys, values, mask, scale, bias);
        return Attend(queries, keys, values, mask, scale ?? 1f / MathF.Sqrt(queries.Cols), bias);
    }

    /// <summary>The attention kernel behind <see cref="ScaledDotProductAttention"/>, for callers that have validated already.</summary>
    internal static AttentionResult Attend(Matrix queries, Matrix keys, Matrix values, Mask? mask, float scale, Matrix? bias)
    {
        int seqLenQ = queries.Rows, seqLenK = keys.Rows, dK = queries.Cols, dV = values.Cols;
        var scores = new Matrix(seqLenQ, seqLenK);
        // (T,Dk) x (S,Dk)^T -> (T,S)
        Gemm.Multiply(queries.Data, keys.Data, scores.Data, seqLenQ, dK, seqLenK, bTransposed: true);
        TensorPrimitives.Multiply(scores.Data, scale, scores.Data);
        if (bias is not null) TensorPrimitives.Add(scores.Data, bias.Data, scores.Data);
        if (mask is not null) ApplyMask(scores, mask);

        var weights = new Matrix(seqLenQ, seqLenK);
        for (int t = 0; t < seqLenQ; t++)
            SoftmaxRow(scores.Row(t), weights.Row(t), 1f);

        var output = new Matrix(seqLenQ, dV);
        // (T,S) x (S,Dv) -> (T,Dv)
        Gemm.Multiply(weights.Data, values.Data, output.Data, seqLenQ, seqLenK, dV, bTransposed: false);
        return new AttentionResult(output, weights, scores);
    }

    internal static void ThrowIfBadAttentionArguments(Matrix queries, Matrix keys, Matrix values, Mask? mask, float? scale, Matrix? bias)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        if (keys.Cols != queries.Cols)
            ThrowHelper.ThrowArgument(nameof(keys), $"keys is {keys.ShapeString} but queries have dK = {queries.Cols} (queries is {queries.ShapeString}); keys need dK columns.");
        ThrowIfValuesOrMaskDoNotFit(queries, keys, values, mask);
        if (bias is not null && (bias.Rows != queries.Rows || bias.Cols != keys.Rows))
            ThrowHelper.ThrowArgument(nameof(bias), $"bias is {bias.ShapeString} but the scores are ({queries.Rows}, {keys.Rows}) for queries {queries.ShapeString} and keys {keys.ShapeString}.");
        if (scale is float s && !float.IsFinite(s))
            throw new ArgumentOutOfRangeException(nameof(scale), s, $"scale must be finite but is {s}.");
    }

    /// <summary>One value per key, and a mask covering the (T, S) scores: the checks shared with multi-head attention.</summary>
    internal static void ThrowIfValuesOrMaskDoNotFit(Matrix queries, Matrix keys, Matrix values, Mask? mask)
    {
        if (values.Rows != keys.Rows)
            ThrowHelper.ThrowArgument(nameof(values), $"values has {values.Rows} rows but keys have {keys.Rows} (values is {values.ShapeString}, keys is {keys.ShapeString}); each key needs one value.");
        if (mask is not null && (mask.Queries != queries.Rows || mask.Keys != keys.Rows))
            ThrowHelper.ThrowArgument(nameof(mask), $"mask is {mask.ShapeString} but the scores are ({queries.Rows}, {keys.Rows}) for queries {queries.ShapeString} and keys {keys.ShapeString}.");
        Shapes.ElementCount(queries.Rows, keys.Rows, nameof(keys), $"score matrix of queries {queries.ShapeString} and keys {keys.ShapeString}");
    }
}
