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
        ThrowHelper.ThrowIfNotPositive(seqLen);
        ThrowHelper.ThrowIfNotPositive(blockSize);
        if (numRandomBlocks < 0)
            throw new ArgumentOutOfRangeException(nameof(numRandomBlocks), numRandomBlocks, $"numRandomBlocks must be 0 or more but is {numRandomBlocks}.");
        int numBlocks = (seqLen - 1) / blockSize + 1;
        if (numGlobalBlocks < 0 || numGlobalBlocks > numBlocks)
            throw new ArgumentOutOfRangeException(nameof(numGlobalBlocks), numGlobalBlocks, $"numGlobalBlocks must be in [0, {numBlocks}] for {numBlocks} blocks of {blockSize} but is {numGlobalBlocks}.");
        long perQueryBlock = Math.Min(numBlocks, 3L + numGlobalBlocks + numRandomBlocks);
        if (numBlocks * perQueryBlock > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(seqLen), seqLen,
                $"a BigBird layout of {numBlocks} blocks of {blockSize} with {numRandomBlocks} random blocks has more entries than an array can hold.");
        var random = new Random(seed);
        var layout = new int[numBlocks][];
        for (int i = 0; i < numBlocks; i++)
        {
            if (i < numGlobalBlocks) { layout[i] = [.. Enumerable.Range(0, numBlocks)]; continue; }   // global query block
            var chosen = new SortedSet<int>(Enumerable.Range(0, numGlobalBlocks));                     // global key blocks
            for (int j = Math.Max(0, i - 1); j <= Math.Min(numBlocks - 1, i + 1); j++) chosen.Add(j);  // window
            var candidates = Enumerable.Range(0, numBlocks).Where(j => !chosen.Contains(j)).ToList();
            for (int k = 0; k < numRandomBlocks && candidates.Count > 0; k++)                            // random
            {
                int pick = random.Next(candidates.Count);
                chosen.Add(candidates[pick]);
                candidates.RemoveAt(pick);
            }
            layout[i] = [.. chosen];
        }
        return layout;
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
    /// key blocks), 2·pairs·(Dk + Dv) FLOPs, and one row's key list and scores as working memory.
    /// </summary>
    /// <param name="seqLen">T, the sequence length.</param>
    /// <param name="dK">Dk, the query and key width.</param>
    /// <param name="dV">Dv, the value width.</param>
    /// <param name="blockSize">b, tokens per block.</param>
    /// <param name="numRandomBlocks">r, random key blocks per query block.</param>
    /// <param name="numGlobalBlocks">g, how many leading blocks are global.</param>
    /// <param name="seed">Seed of the random block choice.</param>
    public static AttentionCost Cost(int seqLen, int dK, int dV, int blockSize, int numRandomBlocks, int numGlobalBlocks = 1, int seed = 0)
    {
        AttentionCost.ThrowIfNotPositive(seqLen, seqLen, dK, dV);
        int[][] layout = KeyBlocks(seqLen, blockSize, numRandomBlocks, numGlobalBlocks, seed);
        long pairs = 0;
        for (int i = 0; i < layout.Length; i++)
            pairs += (long)BlockLength(seqLen, blockSize, i) * layout[i].Sum(j => BlockLength(seqLen, blockSize, j));
        return new AttentionCost("BigBird", pairs, checked(2 * pairs * (dK + dV)), 2L * MaxKeysPerQuery(seqLen, blockSize, layout));
    }

    private static int BlockLength(int seqLen, int blockSize, int block) => Math.Min(blockSize, seqLen - block * blockSize);

    private static int MaxKeysPerQuery(int seqLen, int blockSize, int[][] layout) =>
        layout.Max(blocks => blocks.Sum(j => BlockLength(seqLen, blockSize, j)));

    private static SparseKernel.KeysOfQuery KeysOf(int seqLen, int blockSize, int[][] layout) => (t, keys) =>
    {
        foreach (int j in layout[t / blockSize])
            for (int s = j * blockSize; s < Math.Min(seqLen, (j + 1) * blockSize); s++) keys.Add(s);
    };
}
