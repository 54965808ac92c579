using System.Diagnostics;
namespace Attention;

/// <summary>
/// BigBird's block-sparse attention pattern (Zaheer et al., 2020): the sequence is cut into blocks of b tokens, and
/// each query block attends to three kinds of key blocks — a <b>window</b> (itself and its two neighbours),
/// <b>global</b> blocks (the first g blocks, which also attend to everything) and r <b>random</b> blocks drawn per
/// query block. Each query scores (3 + g + r)·b keys, so the cost is O(n·b·(3 + g + r)) instead of O(n²).
/// </summary>
/// <remarks>
/// <see cref="Pattern"/> is the pattern as a <see cref="Mask"/>: dense attention under that mask is the reference.
/// <see cref="Attention"/> computes the same output touching only the allowed blocks. The last block is shorter when
/// b does not divide T. The random blocks are drawn from the blocks not already in the window or global set, with a
/// seeded generator, so a seed gives the same pattern on every machine.
/// </remarks>
public static class BigBird
{
    /// <summary>The BigBird pattern as a mask. Shape: (T, T).</summary>
    /// <param name="seqLen">T, the sequence length.</param>
    /// <param name="blockSize">b, tokens per block.</param>
    /// <param name="numRandomBlocks">r, random key blocks per query block.</param>
    /// <param name="numGlobalBlocks">g, how many leading blocks are global.</param>
    /// <param name="seed">Seed of the random block choice.</param>
    public static Mask Pattern(int seqLen, int blockSize, int numRandomBlocks, int numGlobalBlocks = 1, int seed = 0) =>
        Shapes.ElementCount(seqLen, seqLen, nameof(seqLen), "mask") < 0 ? throw new UnreachableException() :
        SparseKernel.ToMask(seqLen, seqLen, KeysOf(seqLen, blockSize, KeyBlocks(seqLen, blockSize, numRandomBlocks, numGlobalBlocks, seed)));

    /// <summary>
    /// For each query block, the sorted key blocks it attends to: the layout behind <see cref="Pattern"/>.
    /// Shape: (ceil(T / b)) lists.
    /// </summary>
    /// <param name="seqLen">T, the sequence length.</param>
    /// <param name="blockSize">b, tokens per block.</param>
    /// <param name="numRandomBlocks">r, random key blocks per query block.</param>
    /// <param name="numGlobalBlocks">g, how many leading blocks are global.</param>
    /// <param name="seed">Seed of the random block choice.</param>
    public static int[][] KeyBlocks(int seqLen, int blockSize, int numRandomBlocks, int numGlobalBlocks = 1, int seed = 0)
    {
        int numBlocks = ThrowIfBadLayout(seqLen, blockSize, numRandomBlocks, numGlobalBlocks);
        var layout = new int[numBlocks][];
        WalkLayout(numBlocks, numRandomBlocks, numGlobalBlocks, seed,
            (i, blocks) => layout[i] = blocks is null ? [.. Enumerable.Range(0, numBlocks)] : [.. blocks]);
        return layout;
    }

    /// <summary>Checks the layout's arguments and that its entries fit in memory; returns the number of blocks.</summary>
    private static int ThrowIfBadLayout(int seqLen, int blockSize, int numRandomBlocks, int numGlobalBlocks)
    {
        ThrowHelper.ThrowIfNotPositive(seqLen);
        ThrowHelper.ThrowIfNotPositive(blockSize);
        if (numRandomBlocks < 0)
            throw new ArgumentOutOfRangeException(nameof(numRandomBlocks), numRandomBlocks, $"numRandomBlocks must be 0 or more but is {numRandomBlocks}.");
        int numBlocks = (seqLen - 1) / blockSize + 1;
        if (numGlobalBlocks < 0 || numGlobalBlocks > numBlocks)
            throw new ArgumentOutOfRangeException(nameof(numGlobalBlocks), numGlobalBlocks, $"numGlobalBlocks must be in [0, {numBlocks}] for {numBlocks} blocks of {blockSize} but is {numGlobalBlocks}.");
        if (numBlocks * PerQueryBlock(numBlocks, numRandomBlocks, numGlobalBlocks) > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(seqLen), seqLen,
                $"a BigBird layout of {numBlocks} blocks of {blockSize} with {numRandomBlocks} random blocks has more entries than an array can hold.");
        return numBlocks;
    }

    /// <summary>Key blocks of a query block that is not global: at most the window, the globals and r random ones.</summary>
    private static long PerQueryBlock(int numBlocks, int numRandomBlocks, int numGlobalBlocks) =>
        Math.Min(numBlocks, 3L + numGlobalBlocks + numRandomBlocks);

    /// <summary>
    /// Visits every query block with its sorted key blocks (null for a global query block: every block), drawing the
    /// random blocks from the blocks not yet chosen with one seeded generator, in block order. Keeps one scratch list of
    /// <see cref="PerQueryBlock"/> entries; O(blocks · (3 + g + r)²) time, nothing of size T.
    /// </summary>
    private static void WalkLayout(int numBlocks, int numRandomBlocks, int numGlobalBlocks, int seed, Action<int, List<int>?> visit)
    {
        var random = new Random(seed);
        var chosen = new List<int>((int)PerQueryBlock(numBlocks, numRandomBlocks, numGlobalBlocks));
        for (int i = 0; i < numBlocks; i++)
        {
            if (i < numGlobalBlocks) { visit(i, null); continue; }                                     // global query block
            chosen.Clear();
            for (int j = 0; j < numGlobalBlocks; j++) chosen.Add(j);                                   // global key blocks
            for (int j = Math.Max(numGlobalBlocks, i - 1); j <= Math.Min(numBlocks - 1, i + 1); j++) chosen.Add(j); // window
            for (int k = 0; k < numRandomBlocks && chosen.Count < numBlocks; k++)                       // random
            {
                // The pick-th block not chosen yet, counting in ascending order: pass every chosen block at or below it.
                int pick = random.Next(numBlocks - chosen.Count), index = 0;
                while (index < chosen.Count && chosen[index] <= pick + index) index++;
                chosen.Insert(index, pick + index);
            }
            visit(i, chosen);
        }
    }

    /// <summary>
    /// Self-attention under the BigBird pattern, touching only the allowed key blocks: the same output as
    /// <c>Ops.ScaledDotProductAttention(queries, keys, values, BigBird.Pattern(...))</c>.
    /// </summary>
    /// <param name="queries">Q. Shape: (T, Dk).</param>
    /// <param name="keys">K. Shape: (T, Dk).</param>
    /// <param name="values">V. Shape: (T, Dv).</param>
    /// <param name="blockSize">b, tokens per block.</param>
    /// <param name="numRandomBlocks">r, random key blocks per query block.</param>
    /// <param name="numGlobalBlocks">g, how many leading blocks are global.</param>
    /// <param name="seed">Seed of the random block choice.</param>
    /// <param name="scale">Multiplies the dot products; defaults to 1/√Dk. Shape: scalar.</param>
    /// <returns>The attention output. Shape: (T, Dv).</returns>
    public static Matrix Attention(Matrix queries, Matrix keys, Matrix values, int blockSize, int numRandomBlocks,
        int numGlobalBlocks = 1, int seed = 0, float? scale = null)
    {
        SparseKernel.ThrowIfBadArguments(queries, keys, values, scale);
        Longformer.ThrowIfNotSelfAttention(queries, keys);
        int seqLen = queries.Rows;
        int[][] layout = KeyBlocks(seqLen, blockSize, numRandomBlocks, numGlobalBlocks, seed);
        return SparseKernel.Attend(queries, keys, values, scale ?? 1f / MathF.Sqrt(queries.Cols),
            MaxKeysPerQuery(seqLen, blockSize, layout), KeysOf(seqLen, blockSize, layout));
    }

    /// <summary>
    /// The cost of <see cref="Attention"/>: the exact number of allowed pairs (Σ over query blocks of rows × keys in its
    /// key blocks), 2·pairs·(Dk + Dv) FLOPs, and as working memory the layout (one int per (query block, key block)
    /// entry, and the one scratch list of min(blocks, 3 + g + r) entries that draws it) plus one row's key list and
    /// scores. The layout is walked, not stored, so the cost of sizes no matrix could hold can still be asked for.
    /// </summary>
    /// <param name="seqLen">T, the sequence length.</param>
    /// <param name="dK">Dk, the query and key width.</param>
    /// <param name="dV">Dv, the value width.</param>
    /// <param name="blockSize">b, tokens per block.</param>
    /// <param name="numRandomBlocks">r, random key blocks per query block.</param>
    /// <param name="numGlobalBlocks">g, how many leading blocks are global.</param>
    /// <param name="seed">Seed of the random block choice.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, numRandomBlocks is negative,
    /// numGlobalBlocks is outside [0, blocks], the layout has more entries than an array can hold, or the counts do not
    /// fit a long.</exception>
    public static AttentionCost Cost(int seqLen, int dK, int dV, int blockSize, int numRandomBlocks, int numGlobalBlocks = 1, int seed = 0)
    {
        AttentionCost.ThrowIfNotPositive(seqLen, seqLen, dK, dV);
        int numBlocks = ThrowIfBadLayout(seqLen, blockSize, numRandomBlocks, numGlobalBlocks);
        long pairs = 0, entries = 0, maxKeys = 0;
        WalkLayout(numBlocks, numRandomBlocks, numGlobalBlocks, seed, (i, blocks) =>
        {
            long keys = blocks is null ? seqLen : KeysIn(seqLen, blockSize, blocks);
            pairs += BlockLength(seqLen, blockSize, i) * keys;                  // at most T² < 2⁶³
            entries += blocks?.Count ?? numBlocks;
            maxKeys = Math.Max(maxKeys, keys);
        });
        long scratch = PerQueryBlock(numBlocks, numRandomBlocks, numGlobalBlocks);
        return AttentionCost.Count("BigBird", () => (pairs, checked(2 * pairs * ((long)dK + dV)), entries + scratch + 2 * maxKeys),
            (nameof(seqLen), seqLen), (nameof(dK), dK), (nameof(dV), dV), (nameof(blockSize), blockSize));
    }

    private static int BlockLength(int seqLen, int blockSize, int block) => Math.Min(blockSize, seqLen - block * blockSize);

    /// <summary>How many keys the given key blocks hold (the last block may be short).</summary>
    private static int KeysIn(int seqLen, int blockSize, IReadOnlyList<int> blocks)
    {
        int keys = 0;
        for (int j = 0; j < blocks.Count; j++) keys += BlockLength(seqLen, blockSize, blocks[j]);
        return keys;
    }

    private static int MaxKeysPerQuery(int seqLen, int blockSize, int[][] layout)
    {
        int max = 0;
        foreach (int[] blocks in layout) max = Math.Max(max, KeysIn(seqLen, blockSize, blocks));
        return max;
    }

    private static SparseKernel.KeysOfQuery KeysOf(int seqLen, int blockSize, int[][] layout) => (t, keys) =>
    {
        foreach (int j in layout[t / blockSize])
            for (int s = j * blockSize; s < Math.Min(seqLen, (j + 1L) * blockSize); s++) keys.Add(s);
    };
}
