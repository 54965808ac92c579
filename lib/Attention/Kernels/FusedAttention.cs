using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Attention.Kernels;

/// <summary>A row-major window into a float array: element (r, c) is Data[Offset + r·Stride + c]. A head of a (T, D) matrix is (data, h·Dk, D).</summary>
internal readonly record struct View(float[] Data, int Offset, int Stride)
{
    public static View Of(Matrix m) => new(m.Data, 0, m.Cols);

    public ReadOnlySpan<float> Row(int r, int start, int count) => Data.AsSpan(Offset + r * Stride + start, count);
}

/// <summary>
/// Which keys each query may attend to, as ranges: query t may only attend to keys in [First[t], Last[t]]; inside that
/// range every key is allowed when Contiguous[t], otherwise the mask row decides. Causal and sliding-window masks are
/// contiguous, so the fused kernel skips every key block outside the ranges of a query block. Shape: (T) each.
/// </summary>
internal sealed class KeyRanges
{
    private KeyRanges(int[] first, int[] last, int keys, bool[]? contiguous, Mask? mask)
    {
        Keys = keys;
        First = first;
        Last = last;
        Contiguous = contiguous;
        Mask = mask;
    }

    /// <summary>S, the keys these ranges were built for: every range lies inside [0, S − 1].</summary>
    public int Keys { get; }
    public int[] First { get; }
    public int[] Last { get; }
    /// <summary>null when every row is contiguous.</summary>
    public bool[]? Contiguous { get; }
    public Mask? Mask { get; }

    /// <summary>Scans the mask once (vectorised IndexOf): O(T·S) bytes read, O(T) stored.</summary>
    public static KeyRanges From(Mask mask)
    {
        int queries = mask.Queries;
        var first = new int[queries];
        var last = new int[queries];
        bool[]? contiguous = null;
        for (int t = 0; t < queries; t++)
        {
            ReadOnlySpan<bool> row = mask.Row(t);
            int lo = row.IndexOf(true);
            if (lo < 0)
            {
                first[t] = 0;
                last[t] = -1;
                continue;
            }
            int hi = row.LastIndexOf(true);
            first[t] = lo;
            last[t] = hi;
            if (row.Slice(lo, hi - lo + 1).Contains(false))
            {
                contiguous ??= Enumerable.Repeat(true, queries).ToArray();
                contiguous[t] = false;
            }
        }
        return new KeyRanges(first, last, mask.Keys, contiguous, mask);
    }

    /// <summary>Bottom-right causal, as <see cref="Attention.Mask.Causal(int, int)"/>: query t sees keys 0..S − T + t; no (T, S) mask needed.</summary>
    public static KeyRanges Causal(int queries, int keys)
    {
        var first = new int[queries];
        var last = new int[queries];
        for (int t = 0; t < queries; t++) last[t] = keys - queries + t;
        return new KeyRanges(first, last, keys, null, null);
    }

    public bool Allows(int t, int s) =>
        s >= First[t] && s <= Last[t] && (Contiguous is null || Contiguous[t] || Mask!.Row(t)[s]);
}

/// <summary>
/// Fused scaled dot-product attention, FlashAttention-2 style on the CPU: for each block of <see cref="BlockQ"/> queries,
/// walk the key/value blocks of <see cref="BlockK"/> keys, compute the score tile Q·Kᵀ on the GEMM register tile, update a
/// running row max m and row sum l (online softmax), and accumulate P·V into an output tile that stays in L1; divide by l
/// once at the end. Nothing of size (T, S) is allocated; key blocks outside every row's key range are skipped.
/// </summary>
/// <remarks>
/// Per query row and key block with scores x: m' = max(m, max x); P = exp(x − m'); l' = l·e^(m−m') + Σ P; O' = O·e^(m−m') + P·V.
/// At the end output = O / l, or zeros when l = 0 (no key allowed). The saved m and l let a caller rebuild the weights
/// exp(score − m) / l later without running the softmax again. NaN and ±∞ follow the dense path: a NaN or +∞ score makes
/// m or P NaN, which reaches l and the whole output row.
/// </remarks>
internal static class FusedAttention
{
    /// <summary>Query rows per block: a multiple of the 6-row register tile. Q tile 48×Dk and O tile 48×Dv stay in L1.</summary>
    internal const int BlockQ = 48;

    /// <summary>Keys per block: a multiple of every panel width (8, 16, 32). The score tile 48×128 floats is 24 KiB.</summary>
    internal const int BlockK = 128;

    /// <summary>
    /// output = softmax(scale·Q·Kᵀ + bias, masked by ranges)·V, with the row max m and row sum l of the softmax saved when asked
    /// (log-sum-exp = m + log l, what a backward pass needs). q (T, Dk), k (S, Dk), v (S, Dv), bias (T, S) and output (T, Dv)
    /// are views; rowMax and rowSum (T) from statsOffset.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size or statsOffset is negative.</exception>
    /// <exception cref="ArgumentException">A view or array is shorter than its shape requires (the message names it and
    /// both lengths), or the ranges were built for other sizes.</exception>
    public static void Run(View q, View k, View v, int seqLenQ, int seqLenK, int dK, int dV, float scale,
        KeyRanges? ranges, View? bias, View output, float[]? rowMax = null, float[]? rowSum = null, int statsOffset = 0, Gemm.Path path = Gemm.Path.Auto)
    {
        ThrowIfBadArguments(q, k, v, seqLenQ, seqLenK, dK, dV, ranges, bias, output, rowMax, rowSum, statsOffset);
        if (path == Gemm.Path.Auto) path = Gemm.Best;
        if (path == Gemm.Path.Scalar) path = Gemm.Path.Vector128; // software-emulated vectors: still correct
        int nr = Gemm.PanelWidth(path);
        const int mr = Gemm.TileRows;

        // K packed into panels of nr keys, Dk-major: element (d, j) of panel p at (p·Dk + d)·nr + j; keys past S are zero.
        int keyPanels = (seqLenK + nr - 1) / nr;
        int packedLength = checked(keyPanels * dK * nr);
        // V is read in place when its rows are whole panels; otherwise copied into a zero-padded (S, DvPad) buffer.
        int dVPad = (dV + nr - 1) / nr * nr;
        bool copyV = dV != dVPad;
        int vCopyLength = copyV ? checked(seqLenK * dVPad) : 0;
        int tileLength = BlockQ * dK + BlockQ * BlockK + BlockQ * dVPad + 2 * BlockQ;
        float[] packed = ArrayPool<float>.Shared.Rent(packedLength);
        float[] vCopy = copyV ? ArrayPool<float>.Shared.Rent(vCopyLength) : [];
        float[] tiles = ArrayPool<float>.Shared.Rent(tileLength);
        try
        {
            PackKeys(k, packed, seqLenK, dK, nr);
            View vv = v;
            if (copyV)
            {
                Array.Clear(vCopy, 0, vCopyLength);
                for (int s = 0; s < seqLenK; s++) v.Row(s, 0, dV).CopyTo(vCopy.AsSpan(s * dVPad, dV));
                vv = new View(vCopy, 0, dVPad);
            }

            Span<float> all = tiles.AsSpan(0, tileLength);
            Span<float> qTile = all.Slice(0, BlockQ * dK);
            Span<float> sTile = all.Slice(BlockQ * dK, BlockQ * BlockK);
            Span<float> oTile = all.Slice(BlockQ * dK + BlockQ * BlockK, BlockQ * dVPad);
            Span<float> m = all.Slice(BlockQ * (dK + BlockK + dVPad), BlockQ);
            Span<float> l = all.Slice(BlockQ * (dK + BlockK + dVPad + 1), BlockQ);
            ref float qRef = ref MemoryMarshal.GetReference(qTile);
            ref float sRef = ref MemoryMarshal.GetReference(sTile);
            ref float oRef = ref MemoryMarshal.GetReference(oTile);
            ref float kRef = ref MemoryMarshal.GetArrayDataReference(packed);
            ref float vRef = ref MemoryMarshal.GetArrayDataReference(vv.Data);

            for (int t0 = 0; t0 < seqLenQ; t0 += BlockQ)
            {
                int rows = Math.Min(BlockQ, seqLenQ - t0);
                int rowTiles = (rows + mr - 1) / mr;

                // The scale is folded into the queries: (scale·q)·k = scale·(q·k) up to rounding.
                qTile.Clear();
                for (int r = 0; r < rows; r++)
                    TensorPrimitives.Multiply(q.Row(t0 + r, 0, dK), scale, qTile.Slice(r * dK, dK));
                oTile.Clear();
                m.Fill(float.NegativeInfinity);
                l.Clear();

                // The keys any row of this block may see; blocks outside are never computed.
                int sLo = 0, sHi = seqLenK;
                if (ranges is not null)
                {
                    sLo = int.MaxValue;
                    sHi = 0;
                    for (int r = 0; r < rows; r++)
                    {
                        int first = ranges.First[t0 + r], last = ranges.Last[t0 + r];
                        if (first > last) continue;
                        sLo = Math.Min(sLo, first);
                        sHi = Math.Max(sHi, last + 1);
                    }
                    sLo -= sLo % nr; // panel-aligned
                }

                for (int s0 = sLo; s0 < sHi; s0 += BlockK)
                {
                    int cols = Math.Min(BlockK, sHi - s0);
                    int colPanels = (cols + nr - 1) / nr;

                    // (48,Dk) x (128,Dk)^T -> (48,128) score tile, one 6×nr register tile at a time
                    for (int i = 0; i < rowTiles; i++)
                        for (int p = 0; p < colPanels; p++)
                            Gemm.Kernel(path, ref Unsafe.Add(ref qRef, i * mr * dK), dK,
                                ref Unsafe.Add(ref kRef, (s0 / nr + p) * dK * nr), nr, dK,
                                ref Unsafe.Add(ref sRef, i * mr * BlockK + p * nr), BlockK, accumulate: false);

                    for (int r = 0; r < rows; r++)
                        OnlineSoftmaxRow(sTile.Slice(r * BlockK, cols), oTile.Slice(r * dVPad, dVPad), ref m[r], ref l[r],
                            t0 + r, s0, ranges, bias);
                    for (int r = rows; r < rowTiles * mr; r++) sTile.Slice(r * BlockK, cols).Clear();

                    // (48,128) x (128,Dv) -> (48,Dv), accumulated into the output tile
                    for (int i = 0; i < rowTiles; i++)
                        for (int p = 0; p < dVPad; p += nr)
                            Gemm.Kernel(path, ref Unsafe.Add(ref sRef, i * mr * BlockK), BlockK,
                                ref Unsafe.Add(ref vRef, vv.Offset + s0 * vv.Stride + p), vv.Stride, cols,
                                ref Unsafe.Add(ref oRef, i * mr * dVPad + p), dVPad, accumulate: true);
                }

                for (int r = 0; r < rows; r++)
                {
                    Span<float> target = output.Data.AsSpan(output.Offset + (t0 + r) * output.Stride, dV);
                    if (l[r] == 0f) target.Clear(); // no key allowed: zero output, even where a value is NaN
                    else TensorPrimitives.Multiply(oTile.Slice(r * dVPad, dV), 1f / l[r], target);
                    if (rowMax is not null) rowMax[statsOffset + t0 + r] = m[r];
                    if (rowSum is not null) rowSum[statsOffset + t0 + r] = l[r];
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(packed);
            if (copyV) ArrayPool<float>.Shared.Return(vCopy);
            ArrayPool<float>.Shared.Return(tiles);
        }
    }

    /// <summary>
    /// The entry check of <see cref="Run"/>, O(1): the loops read V through unchecked references and trust the key ranges,
    /// so every view must hold its whole shape and the ranges must be the (T, S) ones.
    /// </summary>
    private static void ThrowIfBadArguments(View q, View k, View v, int seqLenQ, int seqLenK, int dK, int dV,
        KeyRanges? ranges, View? bias, View output, float[]? rowMax, float[]? rowSum, int statsOffset)
    {
        KernelGuard.ThrowIfNegative(seqLenQ, nameof(seqLenQ));
        KernelGuard.ThrowIfNegative(seqLenK, nameof(seqLenK));
        KernelGuard.ThrowIfNegative(dK, nameof(dK));
        KernelGuard.ThrowIfNegative(dV, nameof(dV));
        KernelGuard.ThrowIfShorter(q, seqLenQ, dK, nameof(q));
        KernelGuard.ThrowIfShorter(k, seqLenK, dK, nameof(k));
        KernelGuard.ThrowIfShorter(v, seqLenK, dV, nameof(v));
        if (bias is View b) KernelGuard.ThrowIfShorter(b, seqLenQ, seqLenK, nameof(bias));
        KernelGuard.ThrowIfShorter(output, seqLenQ, dV, nameof(output));
        KernelGuard.ThrowIfShorterFrom(rowMax, statsOffset, seqLenQ, nameof(statsOffset), nameof(rowMax));
        KernelGuard.ThrowIfShorterFrom(rowSum, statsOffset, seqLenQ, nameof(statsOffset), nameof(rowSum));
        if (ranges is not null && (ranges.First.Length != seqLenQ || ranges.Keys != seqLenK))
            throw new ArgumentException(
                $"ranges were built for ({ranges.First.Length}, {ranges.Keys}) but the attention is ({seqLenQ}, {seqLenK}).", nameof(ranges));
    }

    /// <summary>
    /// One query row against one key block: mask and bias the scores x, update m and l, rescale the output row, and
    /// leave P = exp(x − m) in x (zero where blocked) for the P·V product.
    /// </summary>
    private static void OnlineSoftmaxRow(Span<float> x, Span<float> outputRow, ref float m, ref float l,
        int t, int s0, KeyRanges? ranges, View? bias)
    {
        int lo = 0, hi = x.Length;
        if (ranges is not null)
        {
            lo = Math.Max(ranges.First[t] - s0, 0);
            hi = Math.Min(ranges.Last[t] + 1 - s0, x.Length);
            if (lo >= hi)
            {
                x.Clear();
                return;
            }
            x.Slice(0, lo).Clear();
            x.Slice(hi).Clear();
        }
        Span<float> live = x.Slice(lo, hi - lo);
        if (bias is View b) TensorPrimitives.Add(live, b.Row(t, s0 + lo, live.Length), live);
        if (ranges?.Contiguous is { } contiguous && !contiguous[t])
        {
            ReadOnlySpan<bool> allowed = ranges.Mask!.Row(t).Slice(s0 + lo, live.Length);
            for (int j = 0; j < live.Length; j++)
                if (!allowed[j]) live[j] = float.NegativeInfinity;
        }

        float blockMax = TensorPrimitives.Max(live); // NaN if any score is NaN
        float mNew = MathF.Max(m, blockMax);
        if (float.IsNegativeInfinity(mNew))
        {
            x.Clear(); // everything so far blocked
            return;
        }
        float sum = FastExp.ExpShiftedSum(live, live, mNew);
        if (!(m == mNew))
        {
            float alpha = FastExp.Exp(m - mNew); // 0 when m was −∞
            l *= alpha;
            TensorPrimitives.Multiply(outputRow, alpha, outputRow);
        }
        l += sum;
        m = mNew;
    }

    /// <summary>Packs K into panels of nr keys, Dk-major, zero-padded past S.</summary>
    private static void PackKeys(View k, float[] packed, int seqLenK, int dK, int nr)
    {
        int panels = (seqLenK + nr - 1) / nr;
        for (int p = 0; p < panels; p++)
        {
            int s0 = p * nr;
            int width = Math.Min(nr, seqLenK - s0);
            Span<float> panel = packed.AsSpan(p * dK * nr, dK * nr);
            if (width < nr) panel.Clear();
            for (int j = 0; j < width; j++)
            {
                ReadOnlySpan<float> key = k.Row(s0 + j, 0, dK);
                for (int d = 0; d < dK; d++) panel[d * nr + j] = key[d];
            }
        }
    }

    /// <summary>
    /// The dense scores scale·Q·Kᵀ + bias with −∞ where blocked, rebuilt on demand for a result's Scores and Weights.
    /// Shape: (T, S).
    /// </summary>
    public static Matrix Scores(Matrix queries, Matrix keys, float scale, KeyRanges? ranges, Matrix? bias)
    {
        var scores = new Matrix(queries.Rows, keys.Rows);
        // (T,Dk) x (S,Dk)^T -> (T,S)
        Gemm.Multiply(queries.Data, keys.Data, scores.Data, queries.Rows, queries.Cols, keys.Rows, bTransposed: true);
        TensorPrimitives.Multiply(scores.Data, scale, scores.Data);
        if (bias is not null) TensorPrimitives.Add(scores.Data, bias.Data, scores.Data);
        if (ranges is not null)
            for (int t = 0; t < scores.Rows; t++)
            {
                Span<float> row = scores.Row(t);
                for (int s = 0; s < row.Length; s++)
                    if (!ranges.Allows(t, s)) row[s] = float.NegativeInfinity;
            }
        return scores;
    }

    /// <summary>
    /// Weights from the rebuilt scores: the same max-subtracting row softmax as the dense path, so a fused result's weights
    /// equal the dense path's bit for bit (and rows sum to 1 exactly as there). All −∞ rows give zeros. Shape: (T, S).
    /// </summary>
    public static Matrix Weights(Matrix scores)
    {
        var weights = new Matrix(scores.Rows, scores.Cols);
        for (int t = 0; t < scores.Rows; t++)
            Ops.SoftmaxRow(scores.Row(t), weights.Row(t), 1f);
        return weights;
    }
}
