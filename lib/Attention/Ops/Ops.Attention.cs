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
    /// <para>Runs the fused, tiled kernel (<see cref="Kernels.FusedAttention"/>): blocks of queries against blocks of
    /// keys with an online softmax, so nothing of size (T, S) is allocated; key blocks a mask blocks for a whole query
    /// block (causal, sliding window) are skipped. <see cref="AttentionResult.Weights"/> and
    /// <see cref="AttentionResult.Scores"/> are computed on first read, from private copies of queries, keys, mask and bias.
    /// <see cref="ScaledDotProductAttentionDense"/> computes the same result by materialising the (T, S) matrices.</para>
    /// <para>Fully masked rows: a query whose mask row is all false (or whose scores are all −∞ through <paramref name="bias"/>)
    /// gets all-zero weights and an all-zero output (PyTorch ≥ 2.5 does the same; 1.13 returned NaN).</para>
    /// <para>NaN and ∞ propagate and are never replaced, except that a blocked entry's score is −∞ whatever its inputs:
    /// a NaN in key s makes the weights NaN in every row that may attend to s, and leaves rows that block s untouched.
    /// A +∞ score makes its row's weights NaN. A NaN in value s reaches every output row that may attend to s; rows that
    /// block s may also turn NaN (0·NaN) when they share a key block with s (the dense path: every row), except fully
    /// masked rows, which stay zero.</para>
    /// </remarks>
    /// <param name="queries">Q, one query vector per row. Shape: (T, Dk).</param>
    /// <param name="keys">K, one key vector per row. Shape: (S, Dk).</param>
    /// <param name="values">V, one value vector per row. Shape: (S, Dv).</param>
    /// <param name="mask">Optional; true = may attend. Shape: (T, S).</param>
    /// <param name="scale">Multiplies the dot products; defaults to 1/√Dk so scores keep unit variance. Shape: scalar.</param>
    /// <param name="bias">Optional additive score bias (e.g. ALiBi), added after scaling. Shape: (T, S).</param>
    /// <returns>Output (T, Dv); Weights (T, S) and Scores (T, S, with −∞ where blocked) computed when first read.</returns>
    /// <exception cref="ArgumentException">The shapes do not fit together; the message names the parameter and both shapes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">scale is NaN or infinite.</exception>
    public static AttentionResult ScaledDotProductAttention(Matrix queries, Matrix keys, Matrix values, Mask? mask = null, float? scale = null, Matrix? bias = null)
    {
        ThrowIfBadAttentionArguments(queries, keys, values, mask, scale, bias);
        return AttendFused(queries.Clone(), keys.Clone(), values, mask is null ? null : KeyRanges.From(mask),
            scale ?? 1f / MathF.Sqrt(queries.Cols), bias?.Clone());
    }

    /// <summary>
    /// Causal self- or cache attention without a (T, S) mask: query t attends to keys 0..S − T + t (bottom-right aligned,
    /// as <see cref="Mask.Causal(int, int)"/>), so it serves sequences whose mask would not fit in memory, e.g. 65,536 tokens.
    /// The fused kernel skips every key block above the diagonal; extra memory is O((T + S)·Dk), linear in T.
    /// </summary>
    /// <param name="queries">Q. Shape: (T, Dk).</param>
    /// <param name="keys">K; at least T rows. Shape: (S, Dk).</param>
    /// <param name="values">V. Shape: (S, Dv).</param>
    /// <param name="scale">Multiplies the dot products; defaults to 1/√Dk. Shape: scalar.</param>
    /// <returns>Output (T, Dv). Weights and Scores are computed when first read and need T·S to fit in one array.</returns>
    /// <exception cref="ArgumentException">The shapes do not fit together, or T &gt; S.</exception>
    /// <exception cref="ArgumentOutOfRangeException">scale is NaN or infinite.</exception>
    public static AttentionResult CausalAttention(Matrix queries, Matrix keys, Matrix values, float? scale = null)
    {
        ThrowIfBadAttentionArguments(queries, keys, values, null, scale, null, scoresMustFit: false);
        if (queries.Rows > keys.Rows)
            ThrowHelper.ThrowArgument(nameof(queries), $"queries is {queries.ShapeString} but keys is {keys.ShapeString}; causal attention needs T ≤ S (the queries are the last T positions).");
        var ranges = KeyRanges.Causal(queries.Rows, keys.Rows);
        float factor = scale ?? 1f / MathF.Sqrt(queries.Cols);
        bool weightsFit = (long)queries.Rows * keys.Rows <= Array.MaxLength;
        // Copies for the lazy weights only where the weights could ever be built: 2 × 16 MiB saved at 64k tokens.
        return AttendFused(weightsFit ? queries.Clone() : queries, weightsFit ? keys.Clone() : keys, values, ranges, factor, null);
    }

    /// <summary>
    /// The same attention as <see cref="ScaledDotProductAttention"/>, computed the textbook way: the full (T, S) score and
    /// weight matrices are built, softmaxed row by row and multiplied by V. Memory O(T·S); chapter 11 measures it against
    /// the fused kernel.
    /// </summary>
    /// <param name="queries">Q, one query vector per row. Shape: (T, Dk).</param>
    /// <param name="keys">K, one key vector per row. Shape: (S, Dk).</param>
    /// <param name="values">V, one value vector per row. Shape: (S, Dv).</param>
    /// <param name="mask">Optional; true = may attend. Shape: (T, S).</param>
    /// <param name="scale">Multiplies the dot products; defaults to 1/√Dk so scores keep unit variance. Shape: scalar.</param>
    /// <param name="bias">Optional additive score bias (e.g. ALiBi), added after scaling. Shape: (T, S).</param>
    /// <returns>Output (T, Dv), Weights (T, S) and Scores (T, S, with −∞ where blocked), all computed by the call.</returns>
    /// <exception cref="ArgumentException">The shapes do not fit together; the message names the parameter and both shapes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">scale is NaN or infinite.</exception>
    public static AttentionResult ScaledDotProductAttentionDense(Matrix queries, Matrix keys, Matrix values, Mask? mask = null, float? scale = null, Matrix? bias = null)
    {
        ThrowIfBadAttentionArguments(queries, keys, values, mask, scale, bias);
        return AttendDense(queries, keys, values, mask, scale ?? 1f / MathF.Sqrt(queries.Cols), bias);
    }

    /// <summary>
    /// The fused kernel on matrices the result may keep: queries, keys, ranges and bias must be private to the caller
    /// (copies, or projections nobody else holds); values are only read during the call.
    /// </summary>
    internal static AttentionResult AttendFused(Matrix queries, Matrix keys, Matrix values, KeyRanges? ranges, float scale, Matrix? bias)
    {
        int seqLenQ = queries.Rows, seqLenK = keys.Rows, dK = queries.Cols, dV = values.Cols;
        var output = new Matrix(seqLenQ, dV);
        FusedAttention.Run(View.Of(queries), View.Of(keys), View.Of(values), seqLenQ, seqLenK, dK, dV, scale,
            ranges, bias is null ? null : View.Of(bias), View.Of(output));
        return new AttentionResult(output,
            () => FusedAttention.Scores(queries, keys, scale, ranges, bias),
            FusedAttention.Weights, seqLenK);
    }

    /// <summary>The dense kernel behind <see cref="ScaledDotProductAttentionDense"/>, for callers that have validated already.</summary>
    internal static AttentionResult AttendDense(Matrix queries, Matrix keys, Matrix values, Mask? mask, float scale, Matrix? bias)
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

    internal static void ThrowIfBadAttentionArguments(Matrix queries, Matrix keys, Matrix values, Mask? mask, float? scale, Matrix? bias, bool scoresMustFit = true)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        if (keys.Cols != queries.Cols)
            ThrowHelper.ThrowArgument(nameof(keys), $"keys is {keys.ShapeString} but queries have dK = {queries.Cols} (queries is {queries.ShapeString}); keys need dK columns.");
        ThrowIfValuesOrMaskDoNotFit(queries, keys, values, mask, scoresMustFit);
        if (bias is not null && (bias.Rows != queries.Rows || bias.Cols != keys.Rows))
            ThrowHelper.ThrowArgument(nameof(bias), $"bias is {bias.ShapeString} but the scores are ({queries.Rows}, {keys.Rows}) for queries {queries.ShapeString} and keys {keys.ShapeString}.");
        if (scale is float s && !float.IsFinite(s))
            throw new ArgumentOutOfRangeException(nameof(scale), s, $"scale must be finite but is {s}.");
    }

    /// <summary>One value per key, and a mask covering the (T, S) scores: the checks shared with multi-head attention.</summary>
    internal static void ThrowIfValuesOrMaskDoNotFit(Matrix queries, Matrix keys, Matrix values, Mask? mask, bool scoresMustFit = true)
    {
        if (values.Rows != keys.Rows)
            ThrowHelper.ThrowArgument(nameof(values), $"values has {values.Rows} rows but keys have {keys.Rows} (values is {values.ShapeString}, keys is {keys.ShapeString}); each key needs one value.");
        if (mask is not null && (mask.Queries != queries.Rows || mask.Keys != keys.Rows))
            ThrowHelper.ThrowArgument(nameof(mask), $"mask is {mask.ShapeString} but the scores are ({queries.Rows}, {keys.Rows}) for queries {queries.ShapeString} and keys {keys.ShapeString}.");
        if (scoresMustFit) // the fused causal path never builds them
            Shapes.ElementCount(queries.Rows, keys.Rows, nameof(keys), $"score matrix of queries {queries.ShapeString} and keys {keys.ShapeString}");
    }
}
