using System.Numerics.Tensors;
using Attention.Kernels;

namespace Attention;

/// <summary>
/// Exact attention without the (T, S) matrix: the online softmax over blocks of keys (Milakov &amp; Gimelshein, 2018;
/// Rabe &amp; Staats, 2021; FlashAttention, Dao et al., 2022). The readable reference version chapter 11 explains.
/// </summary>
/// <remarks>
/// <para>For each block of queries the kernel keeps, per query row, a running maximum m, a running sum ℓ of
/// exp(score − m) and an unnormalised output accumulator. Each block of keys is scored, the maximum is updated, and
/// everything accumulated so far is rescaled by exp(m_old − m_new) before the block's own contributions are added.
/// At the end the accumulator is divided by ℓ. Only one (B, B) tile of scores exists at a time, so the working
/// memory is O(B·(B + Dk + Dv)), independent of T and S, and the result equals softmax(QKᵀ·scale)·V up to rounding.</para>
/// <para>Masks and fully masked rows follow <see cref="Ops.ScaledDotProductAttention"/>: blocked scores are −∞, and a
/// query with no allowed key gets a zero output.</para>
/// </remarks>
public static class MemoryEfficientAttention
{
    /// <summary>The default block size B for queries and keys.</summary>
    public const int DefaultBlockSize = 64;

    /// <summary>
    /// softmax(queries·keysᵀ·scale)·values computed block by block with the online softmax: the same output as
    /// <see cref="Ops.ScaledDotProductAttention"/> without materialising the (T, S) scores.
    /// </summary>
    /// <param name="queries">Q. Shape: (T, Dk).</param>
    /// <param name="keys">K. Shape: (S, Dk).</param>
    /// <param name="values">V. Shape: (S, Dv).</param>
    /// <param name="mask">Optional; true = may attend. Shape: (T, S).</param>
    /// <param name="scale">Multiplies the dot products; defaults to 1/√Dk. Shape: scalar.</param>
    /// <param name="blockSize">B, queries and keys per tile.</param>
    /// <returns>The attention output. Shape: (T, Dv).</returns>
    public static Matrix Attention(Matrix queries, Matrix keys, Matrix values, Mask? mask = null, float? scale = null, int blockSize = DefaultBlockSize)
    {
        Ops.ThrowIfBadAttentionArguments(queries, keys, values, mask, scale, bias: null);
        ThrowHelper.ThrowIfNotPositive(blockSize);
        float s = scale ?? 1f / MathF.Sqrt(queries.Cols);
        int seqLenQ = queries.Rows, seqLenK = keys.Rows, dK = queries.Cols, dV = values.Cols;
        int bq = Math.Min(blockSize, seqLenQ), bk = Math.Min(blockSize, seqLenK);
        var tile = new Tiles(bq, bk, dK, dV);
        var output = new Matrix(seqLenQ, dV);
        for (int q0 = 0; q0 < seqLenQ; q0 += bq)
        {
            int rows = Math.Min(bq, seqLenQ - q0);
            tile.Start(queries, q0, rows);
            for (int k0 = 0; k0 < seqLenK; k0 += bk)
                tile.AddKeyBlock(keys, values, mask, s, q0, k0, Math.Min(bk, seqLenK - k0));
            tile.Finish(output, q0);
        }
        return output;
    }

    /// <summary>
    /// The cost of <see cref="Attention"/>: the same T·S pairs and 2·T·S·(Dk + Dv) FLOPs as dense attention, but working
    /// memory of one set of tiles: a (B, Dk) query block, (B, Dk) key and (B, Dv) value blocks, the (B, B) scores, a
    /// (B, Dv) product and the (B, Dv) accumulator, and two (B) vectors m and ℓ, with B clipped to T and S.
    /// </summary>
    /// <param name="seqLenQ">T, the number of queries.</param>
    /// <param name="seqLenK">S, the number of keys.</param>
    /// <param name="dK">Dk, the query and key width.</param>
    /// <param name="dV">Dv, the value width.</param>
    /// <param name="blockSize">B, queries and keys per tile.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or the counts do not fit a long.</exception>
    public static AttentionCost Cost(int seqLenQ, int seqLenK, int dK, int dV, int blockSize = DefaultBlockSize)
    {
        AttentionCost.ThrowIfNotPositive(seqLenQ, seqLenK, dK, dV);
        ThrowHelper.ThrowIfNotPositive(blockSize);
        return AttentionCost.Count("memory-efficient", () =>
        {
            long bq = Math.Min(blockSize, seqLenQ), bk = Math.Min(blockSize, seqLenK);
            long pairs = (long)seqLenQ * seqLenK;
            long working = checked(bq * dK + bk * dK + bk * dV + bq * bk + 2 * bq * dV + 2 * bq);
            return (pairs, checked(2 * pairs * ((long)dK + dV)), working);
        }, (nameof(seqLenQ), seqLenQ), (nameof(seqLenK), seqLenK), (nameof(dK), dK), (nameof(dV), dV), (nameof(blockSize), blockSize));
    }

    /// <summary>The fast-memory tiles of one query block, and the online-softmax state of its rows.</summary>
    private sealed class Tiles(int bq, int bk, int dK, int dV)
    {
        private readonly float[] _queries = new float[bq * dK];   // (Bq, Dk)
        private readonly float[] _keys = new float[bk * dK];      // (Bk, Dk)
        private readonly float[] _values = new float[bk * dV];    // (Bk, Dv)
        private readonly float[] _scores = new float[bq * bk];    // (Bq, Bk): scores, then exp(score − m)
        private readonly float[] _product = new float[bq * dV];   // (Bq, Dv): exp(scores − m) · values
        private readonly float[] _accumulator = new float[bq * dV]; // (Bq, Dv): Σ exp(score − m)·v so far
        private readonly float[] _max = new float[bq];            // m: running maximum per row
        private readonly float[] _sum = new float[bq];            // ℓ: running Σ exp(score − m) per row
        private int _rows;

        public void Start(Matrix queries, int q0, int rows)
        {
            _rows = rows;
            Array.Clear(_queries);
            queries.Data.AsSpan(q0 * dK, rows * dK).CopyTo(_queries);
            Array.Clear(_accumulator);
            Array.Clear(_sum);
            _max.AsSpan().Fill(float.NegativeInfinity);
        }

        public void AddKeyBlock(Matrix keys, Matrix values, Mask? mask, float scale, int q0, int k0, int cols)
        {
            Array.Clear(_keys);
            Array.Clear(_values);
            keys.Data.AsSpan(k0 * dK, cols * dK).CopyTo(_keys);
            values.Data.AsSpan(k0 * dV, cols * dV).CopyTo(_values);
            // (Bq,Dk) x (Bk,Dk)ᵀ -> (Bq,Bk)
            Gemm.Multiply(_queries, _keys, _scores, bq, dK, bk, bTransposed: true);
            for (int r = 0; r < _rows; r++)
            {
                Span<float> row = _scores.AsSpan(r * bk, bk);
                TensorPrimitives.Multiply(row, scale, row);
                row[cols..].Fill(float.NegativeInfinity);                       // past the last key
                if (mask is not null)
                {
                    ReadOnlySpan<bool> allowed = mask.Row(q0 + r).Slice(k0, cols);
                    for (int c = 0; c < cols; c++) if (!allowed[c]) row[c] = float.NegativeInfinity;
                }
                float newMax = MathF.Max(_max[r], TensorPrimitives.Max(row));
                if (float.IsNegativeInfinity(newMax)) { row.Clear(); continue; } // nothing allowed yet
                float rescale = MathF.Exp(_max[r] - newMax);                    // exp(m_old − m_new) ≤ 1
                TensorPrimitives.Subtract(row, newMax, row);
                TensorPrimitives.Exp(row, row);                                  // p = exp(score − m_new)
                _sum[r] = _sum[r] * rescale + TensorPrimitives.Sum(row);         // ℓ ← ℓ·rescale + Σ p
                Span<float> acc = _accumulator.AsSpan(r * dV, dV);
                TensorPrimitives.Multiply(acc, rescale, acc);                    // old contributions, rescaled
                _max[r] = newMax;
            }
            // (Bq,Bk) x (Bk,Dv) -> (Bq,Dv)
            Gemm.Multiply(_scores, _values, _product, bq, bk, dV, bTransposed: false);
            TensorPrimitives.Add(_accumulator, _product, _accumulator);
        }

        public void Finish(Matrix output, int q0)
        {
            for (int r = 0; r < _rows; r++)
            {
                if (_sum[r] == 0f) continue;                                     // fully masked row: zero output
                TensorPrimitives.Multiply(_accumulator.AsSpan(r * dV, dV), 1f / _sum[r], output.Row(q0 + r));
            }
        }
    }
}
