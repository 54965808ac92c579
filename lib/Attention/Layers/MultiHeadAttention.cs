using Attention.Kernels;

namespace Attention;

/// <summary>
/// Multi-head attention: project queries, keys and values with W_Q, W_K, W_V (each (D, D)), split the D columns into
/// H heads of Dk = D / H, run scaled dot-product attention in each head independently, concatenate the heads, and
/// project with W_O. Each head can learn to look for a different relation between tokens.
/// </summary>
public sealed class MultiHeadAttention
{
    /// <summary>
    /// A layer with seeded Xavier-uniform projections: W_Q, W_K, W_V, W_O use seeds seed, seed + 1, seed + 2, seed + 3.
    /// </summary>
    /// <param name="dModel">D, the model width; must be divisible by numHeads. Shape: scalar.</param>
    /// <param name="numHeads">H, the number of heads. Shape: scalar.</param>
    /// <param name="seed">Seed of the weight initialisation. Shape: scalar.</param>
    /// <param name="bias">Whether the four projections add a bias. Shape: scalar.</param>
    /// <exception cref="ArgumentException">dModel is not divisible by numHeads, or either is not positive.</exception>
    public MultiHeadAttention(int dModel, int numHeads, int seed, bool bias = true)
    {
        ThrowHelper.ThrowIfNotPositive(dModel);
        ThrowHelper.ThrowIfNotPositive(numHeads);
        ThrowIfNotDivisible(dModel, numHeads, nameof(dModel));
        Shapes.ElementCount(dModel, dModel, nameof(dModel), "projection W_Q");
        NumHeads = numHeads;
        WQ = new Linear(dModel, dModel, seed, bias);
        WK = new Linear(dModel, dModel, seed + 1, bias);
        WV = new Linear(dModel, dModel, seed + 2, bias);
        WO = new Linear(dModel, dModel, seed + 3, bias);
    }

    /// <summary>
    /// A layer with the given projections (held, not copied), each in this library's (in, out) layout and (D, D).
    /// The arguments come in the order of the formula, W_Q, W_K, W_V, W_O, then H, as in the seeded constructor's
    /// "sizes last but one, options last". To load PyTorch weights, use <see cref="FromPyTorch"/>.
    /// </summary>
    /// <param name="wQ">Query projection. Shape: (D, D).</param>
    /// <param name="wK">Key projection. Shape: (D, D).</param>
    /// <param name="wV">Value projection. Shape: (D, D).</param>
    /// <param name="wO">Output projection. Shape: (D, D).</param>
    /// <param name="numHeads">H; must divide D. Shape: scalar.</param>
    /// <exception cref="ArgumentException">A projection is not (D, D), or D is not divisible by numHeads.</exception>
    public static MultiHeadAttention FromWeights(Linear wQ, Linear wK, Linear wV, Linear wO, int numHeads)
    {
        ArgumentNullException.ThrowIfNull(wQ);
        ArgumentNullException.ThrowIfNull(wK);
        ArgumentNullException.ThrowIfNull(wV);
        ArgumentNullException.ThrowIfNull(wO);
        ThrowHelper.ThrowIfNotPositive(numHeads);
        int dModel = wQ.InFeatures;
        ThrowIfNotSquare(wQ, dModel, nameof(wQ));
        ThrowIfNotSquare(wK, dModel, nameof(wK));
        ThrowIfNotSquare(wV, dModel, nameof(wV));
        ThrowIfNotSquare(wO, dModel, nameof(wO));
        ThrowIfNotDivisible(dModel, numHeads, nameof(numHeads));
        return new MultiHeadAttention(wQ, wK, wV, wO, numHeads);
    }

    /// <summary>
    /// A layer from the parameters of PyTorch's <c>nn.MultiheadAttention</c> (copied): <c>in_proj_weight</c> (3D, D) is
    /// split into its three row blocks W_Q, W_K, W_V and each is transposed into this library's (in, out) layout;
    /// <c>in_proj_bias</c> (3D) is split likewise; <c>out_proj.weight</c> (D, D) is transposed into W_O.
    /// </summary>
    /// <remarks>
    /// In Python: <c>mha.in_proj_weight.detach().tolist()</c> etc. PyTorch's <c>nn.Linear</c> stores (out, in) and computes
    /// x·Wᵀ + b; this library stores (in, out) and computes x·W + b, hence the transposes. Only the packed layout
    /// (<c>kdim == vdim == embed_dim</c>) exists in <c>in_proj_weight</c>; for separate q/k/v weights transpose each and
    /// use <see cref="FromWeights"/>.
    /// </remarks>
    /// <param name="inProjWeight">PyTorch's <c>in_proj_weight</c>, rows [0, D) for queries, [D, 2D) keys, [2D, 3D) values. Shape: (3D, D).</param>
    /// <param name="inProjBias">PyTorch's <c>in_proj_bias</c>, or null for <c>bias=False</c>. Shape: (3D).</param>
    /// <param name="outProjWeight">PyTorch's <c>out_proj.weight</c>, stored (out, in). Shape: (D, D).</param>
    /// <param name="outProjBias">PyTorch's <c>out_proj.bias</c>, or null for <c>bias=False</c>. Shape: (D).</param>
    /// <param name="numHeads">H, PyTorch's <c>num_heads</c>; must divide D. Shape: scalar.</param>
    /// <exception cref="ArgumentException">A shape does not fit; the message names the parameter and the shapes.</exception>
    public static MultiHeadAttention FromPyTorch(Matrix inProjWeight, float[]? inProjBias, Matrix outProjWeight, float[]? outProjBias, int numHeads)
    {
        ArgumentNullException.ThrowIfNull(inProjWeight);
        ArgumentNullException.ThrowIfNull(outProjWeight);
        ThrowHelper.ThrowIfNotPositive(numHeads);
        int dModel = inProjWeight.Cols;
        if (inProjWeight.Rows != 3L * dModel)
            ThrowHelper.ThrowArgument(nameof(inProjWeight), $"inProjWeight is {inProjWeight.ShapeString} but must be (3·D, D) = ({3L * dModel}, {dModel}): the query, key and value weights stacked.");
        if (inProjBias is not null && inProjBias.Length != 3L * dModel)
            ThrowHelper.ThrowArgument(nameof(inProjBias), $"inProjBias is ({inProjBias.Length}) but inProjWeight is {inProjWeight.ShapeString}; it must be (3·D) = ({3L * dModel}).");
        ThrowHelper.ThrowIfShape(outProjWeight, dModel, dModel, nameof(outProjWeight), $"(D, D) for inProjWeight {inProjWeight.ShapeString}");
        if (outProjBias is not null && outProjBias.Length != dModel)
            ThrowHelper.ThrowArgument(nameof(outProjBias), $"outProjBias is ({outProjBias.Length}) but must be (D) = ({dModel}).");
        ThrowIfNotDivisible(dModel, numHeads, nameof(numHeads));

        // PyTorch block b of in_proj_weight is (out, in) = (D, D); ours is its transpose (in, out).
        Linear Block(int b) => new(inProjWeight.SliceRows(b * dModel, dModel).Transpose(), inProjBias?.AsSpan(b * dModel, dModel).ToArray());
        var wO = new Linear(outProjWeight.Transpose(), outProjBias is null ? null : (float[])outProjBias.Clone());
        return new MultiHeadAttention(Block(0), Block(1), Block(2), wO, numHeads);
    }

    private MultiHeadAttention(Linear wQ, Linear wK, Linear wV, Linear wO, int numHeads)
    {
        NumHeads = numHeads;
        WQ = wQ;
        WK = wK;
        WV = wV;
        WO = wO;
    }

    /// <summary>D, the model width.</summary>
    public int DModel => WQ.InFeatures;

    /// <summary>H, the number of heads.</summary>
    public int NumHeads { get; }

    /// <summary>Dk = D / H, the width of each head.</summary>
    public int DK => DModel / NumHeads;

    /// <summary>W_Q. Shape: (D, D).</summary>
    public Linear WQ { get; }

    /// <summary>W_K. Shape: (D, D).</summary>
    public Linear WK { get; }

    /// <summary>W_V. Shape: (D, D).</summary>
    public Linear WV { get; }

    /// <summary>W_O. Shape: (D, D).</summary>
    public Linear WO { get; }

    /// <summary>
    /// Attention from <paramref name="queries"/> to <paramref name="keys"/>/<paramref name="values"/> (cross-attention when they
    /// differ). Every head uses scale 1/√Dk and the same mask; a fully masked query gets zero weights in every head.
    /// </summary>
    /// <param name="queries">The attending sequence. Shape: (T, D).</param>
    /// <param name="keys">The attended sequence, matched against the queries. Shape: (S, D).</param>
    /// <param name="values">The attended sequence, averaged into the output. Shape: (S, D).</param>
    /// <param name="mask">Optional; true = may attend. Shape: (T, S).</param>
    /// <param name="bias">Optional per-head additive score bias, e.g. ALiBi. Shape: (H, T, S).</param>
    /// <returns>Output (T, D); per-head Weights (H, T, S) and HeadOutputs (H, T, Dk), computed when first read.</returns>
    /// <exception cref="ArgumentException">The shapes do not fit together; the message names the parameter and both shapes.</exception>
    public MultiHeadAttentionResult Forward(Matrix queries, Matrix keys, Matrix values, Mask? mask = null, Tensor3? bias = null)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        ThrowIfWrongWidth(queries, nameof(queries));
        ThrowIfWrongWidth(keys, nameof(keys));
        ThrowIfWrongWidth(values, nameof(values));
        Ops.ThrowIfValuesOrMaskDoNotFit(queries, keys, values, mask);
        Shapes.ElementCount(NumHeads, queries.Rows, keys.Rows, nameof(keys), $"set of per-head weights (H, T, S) for queries {queries.ShapeString} and keys {keys.ShapeString}");
        if (bias is not null && bias.Shape != (NumHeads, queries.Rows, keys.Rows))
            ThrowHelper.ThrowArgument(nameof(bias), $"bias is {bias.ShapeString} but must be (H, T, S) = ({NumHeads}, {queries.Rows}, {keys.Rows}) for queries {queries.ShapeString} and keys {keys.ShapeString}.");

        // (T,D) x (D,D) -> (T,D); likewise for keys and values with S rows. Heads stay column blocks of these.
        var sequence = new Projected(WQ.Forward(queries), WK.Forward(keys), WV.Forward(values),
            mask is null ? null : KeyRanges.From(mask), bias is null ? null : CopyOf(bias));
        return AttendProjected([sequence])[0];
    }

    /// <summary>
    /// Self-attention over a batch: sequence b attends within itself under masks[b] (e.g. the padding masks of
    /// <see cref="Mask.PaddingFromLengths"/>). All B·H (sequence, head) pairs run in parallel on the worker threads.
    /// </summary>
    /// <param name="x">The batch. Shape: (B, T, D).</param>
    /// <param name="masks">Optional, one mask (or null) per sequence; true = may attend. Shape: B × (T, T).</param>
    /// <returns>One result per sequence, each equal to <see cref="Forward(Matrix, Mask?, Tensor3?)"/> on that sequence. Shape: B × ((T, D), (H, T, T)).</returns>
    /// <exception cref="ArgumentException">x does not have D columns, or masks does not have one (T, T) entry per sequence.</exception>
    public IReadOnlyList<MultiHeadAttentionResult> Forward(Tensor3 x, IReadOnlyList<Mask?>? masks = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Cols != DModel)
            ThrowHelper.ThrowArgument(nameof(x), $"x is {x.ShapeString} but the layer has dModel = {DModel}; every sequence needs {DModel} columns.");
        ThrowIfBadMasks(x, masks);
        var sequences = new Projected[x.Count];
        for (int b = 0; b < x.Count; b++)
            sequences[b] = new Projected(WQ.Forward(x[b]), WK.Forward(x[b]), WV.Forward(x[b]),
                masks?[b] is { } mask ? KeyRanges.From(mask) : null, null);
        return AttendProjected(sequences);
    }

    /// <summary>One mask (or null) per sequence of the batch, each (T, T).</summary>
    internal static void ThrowIfBadMasks(Tensor3 x, IReadOnlyList<Mask?>? masks, string name = "masks")
    {
        if (masks is null) return;
        if (masks.Count != x.Count)
            ThrowHelper.ThrowArgument(name, $"{name} has {masks.Count} entries but x is {x.ShapeString}; one mask (or null) per sequence.");
        for (int b = 0; b < masks.Count; b++)
            if (masks[b] is { } mask && mask.Shape != (x.Rows, x.Rows))
                ThrowHelper.ThrowArgument(name, $"{name}[{b}] is {mask.ShapeString} but x is {x.ShapeString}; a self-attention mask must be ({x.Rows}, {x.Rows}).");
    }

    /// <summary>One sequence's projections q (T, D), k (S, D), v (S, D), key ranges and bias (H, T, S), all private to the call.</summary>
    private sealed record Projected(Matrix Q, Matrix K, Matrix V, KeyRanges? Ranges, Tensor3? Bias);

    /// <summary>
    /// The heads of every sequence: head h reads columns [h·Dk, (h+1)·Dk) of q, k and v in place (a strided view, no
    /// per-head copy) and writes its output into the same columns of a merged (T, D) matrix. All (sequence, head) pairs
    /// run in parallel on the dedicated worker threads; then W_O projects each merged matrix.
    /// </summary>
    private MultiHeadAttentionResult[] AttendProjected(Projected[] sequences)
    {
        int numHeads = NumHeads, dK = DK, dModel = DModel;
        float scale = 1f / MathF.Sqrt(dK);
        var merged = new Matrix[sequences.Length];
        long work = 0;
        for (int b = 0; b < sequences.Length; b++)
        {
            merged[b] = new Matrix(sequences[b].Q.Rows, dModel);
            work += (long)numHeads * sequences[b].Q.Rows * sequences[b].K.Rows * dK;
        }
        Workers.For(sequences.Length * numHeads, item =>
        {
            int b = item / numHeads, h = item % numHeads;
            var (q, k, v, ranges, bias) = sequences[b];
            FusedAttention.Run(
                new View(q.Data, h * dK, dModel), new View(k.Data, h * dK, dModel), new View(v.Data, h * dK, dModel),
                q.Rows, k.Rows, dK, dK, scale, ranges, bias is null ? null : View.Of(bias[h]),
                new View(merged[b].Data, h * dK, dModel));
        }, parallel: work >= ParallelWork);

        var results = new MultiHeadAttentionResult[sequences.Length];
        for (int b = 0; b < sequences.Length; b++)
        {
            var (q, k, _, ranges, bias) = sequences[b];
            Matrix heads = merged[b];
            // (T,D) x (D,D) -> (T,D)
            results[b] = new MultiHeadAttentionResult(WO.Forward(heads), numHeads, k.Rows,
                () =>
                {
                    var weights = new Matrix[numHeads];
                    for (int h = 0; h < numHeads; h++)
                        weights[h] = FusedAttention.Weights(FusedAttention.Scores(q.SliceCols(h * dK, dK), k.SliceCols(h * dK, dK), scale, ranges, bias?[h]));
                    return new Tensor3(weights);
                },
                () => SplitHeads(heads, numHeads));
        }
        return results;
    }

    /// <summary>H·T·S·Dk multiply-adds below which the heads run on the calling thread (waking a worker costs microseconds).</summary>
    private const long ParallelWork = 1L << 18;

    private static Tensor3 CopyOf(Tensor3 tensor) => new([.. tensor.Slices.Select(m => m.Clone())]);

    /// <summary>Self-attention: queries, keys and values are all <paramref name="x"/>.</summary>
    /// <param name="x">The sequence. Shape: (T, D).</param>
    /// <param name="mask">Optional; true = may attend, e.g. <see cref="Mask.Causal(int)"/>. Shape: (T, T).</param>
    /// <param name="bias">Optional per-head additive score bias. Shape: (H, T, T).</param>
    /// <returns>Output (T, D), Weights (H, T, T), HeadOutputs (H, T, Dk).</returns>
    /// <exception cref="ArgumentException">The shapes do not fit together.</exception>
    public MultiHeadAttentionResult Forward(Matrix x, Mask? mask = null, Tensor3? bias = null) => Forward(x, x, x, mask, bias);

    /// <summary>Splits the columns into H contiguous groups: head h gets columns [h·Dk, (h+1)·Dk).</summary>
    /// <param name="x">A projected sequence. Shape: (T, D).</param>
    /// <param name="numHeads">H; must divide D. Shape: scalar.</param>
    /// <returns>A new tensor. Shape: (H, T, Dk).</returns>
    /// <exception cref="ArgumentException">x.Cols is not divisible by numHeads.</exception>
    public static Tensor3 SplitHeads(Matrix x, int numHeads)
    {
        ArgumentNullException.ThrowIfNull(x);
        ThrowHelper.ThrowIfNotPositive(numHeads);
        if (x.Cols % numHeads != 0)
            ThrowHelper.ThrowArgument(nameof(numHeads), $"x is {x.ShapeString}: its {x.Cols} columns are not divisible by numHeads = {numHeads}.");
        int dK = x.Cols / numHeads;
        var heads = new Matrix[numHeads];
        for (int h = 0; h < numHeads; h++) heads[h] = x.SliceCols(h * dK, dK);
        return new Tensor3(heads);
    }

    /// <summary>Concatenates the heads side by side, the inverse of <see cref="SplitHeads"/>.</summary>
    /// <param name="heads">One matrix per head. Shape: (H, T, Dk).</param>
    /// <returns>A new matrix. Shape: (T, H·Dk).</returns>
    public static Matrix MergeHeads(Tensor3 heads)
    {
        ArgumentNullException.ThrowIfNull(heads);
        int numHeads = heads.Count, seqLen = heads.Rows, dK = heads.Cols;
        int dModel = Shapes.ElementCount(numHeads, dK, nameof(heads), "set of heads (H, Dk) merged into one row");
        var merged = new Matrix(seqLen, dModel, new float[Shapes.ElementCount(seqLen, dModel, nameof(heads))]);
        for (int h = 0; h < numHeads; h++)
            for (int t = 0; t < seqLen; t++)
                heads[h].Row(t).CopyTo(merged.Data.AsSpan(t * dModel + h * dK, dK));
        return merged;
    }

    /// <inheritdoc/>
    public override string ToString() => $"MultiHeadAttention(dModel = {DModel}, numHeads = {NumHeads}, dK = {DK})";

    private void ThrowIfWrongWidth(Matrix m, string name)
    {
        if (m.Cols != DModel)
            ThrowHelper.ThrowArgument(name, $"{name} is {m.ShapeString} but the layer has dModel = {DModel} (W_Q is {WQ.Weight.ShapeString}); {name} needs {DModel} columns.");
    }

    private static void ThrowIfNotDivisible(int dModel, int numHeads, string name)
    {
        if (dModel % numHeads != 0)
            ThrowHelper.ThrowArgument(name, $"dModel = {dModel} is not divisible by numHeads = {numHeads}; each head needs dK = dModel / numHeads columns.");
    }

    private static void ThrowIfNotSquare(Linear layer, int dModel, string name)
    {
        if (layer.InFeatures != dModel || layer.OutFeatures != dModel)
            ThrowHelper.ThrowArgument(name, $"{name} is ({layer.InFeatures}, {layer.OutFeatures}) but wQ is ({dModel}, {dModel}); every projection must be (dModel, dModel).");
    }
}
