namespace Attention;

/// <summary>
/// Shaw-style relative positions (Shaw et al., 2018), key side: a learned vector a_r for every clipped relative
/// position r = clip(s − t, −K, K), added to the key inside the score: <c>q_t · (k_s + a_r) = q_t · k_s + q_t · a_r</c>.
/// This class computes the second term; scale it like the scores and pass it as the attention bias.
/// </summary>
/// <remarks>The paper also adds a second table to the values; that part is not modelled here.</remarks>
public sealed class RelativePositionEmbedding
{
    /// <summary>A seeded table of standard-normal rows.</summary>
    /// <param name="maxDistance">K: relative positions beyond ±K share the vectors of ±K. Shape: scalar.</param>
    /// <param name="dK">Dk, the head width. Shape: scalar.</param>
    /// <param name="seed">Seed of the table. Shape: scalar.</param>
    public RelativePositionEmbedding(int maxDistance, int dK, int seed)
    {
        if (maxDistance < 0 || maxDistance > (Array.MaxLength - 1) / 2)
            throw new ArgumentOutOfRangeException(nameof(maxDistance), maxDistance, $"maxDistance must be in [0, {(Array.MaxLength - 1) / 2}] (the table has 2K + 1 rows) but is {maxDistance}.");
        ThrowHelper.ThrowIfNotPositive(dK);
        Table = Matrix.RandomNormal(2 * maxDistance + 1, dK, seed);
    }

    /// <summary>Wraps a table (no copy); row K + r holds a_r. Shape: (2K + 1, Dk).</summary>
    /// <param name="table">One row per relative position −K..K; an odd number of rows. Shape: (2K + 1, Dk).</param>
    public RelativePositionEmbedding(Matrix table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Rows % 2 == 0)
            throw new ArgumentException($"table is {table.ShapeString} but needs 2K + 1 rows (an odd number), one per relative position −K..K.", nameof(table));
        Table = table;
    }

    /// <summary>One vector per relative position −K..K. Shape: (2K + 1, Dk).</summary>
    public Matrix Table { get; }

    /// <summary>K, the largest distance with its own vector.</summary>
    public int MaxDistance => Table.Rows / 2;

    /// <summary>Dk, the width of each vector.</summary>
    public int DK => Table.Cols;

    /// <summary>
    /// The relative term of every score, <c>rel[t, s] = q_t · a_clip(s − (S − T + t))</c> (the T queries are the last T
    /// of the S keys). Shape: (T, S).
    /// </summary>
    /// <param name="queries">One head's queries. Shape: (T, Dk).</param>
    /// <param name="keys">S, the number of keys; at least T. Shape: scalar.</param>
    public Matrix Scores(Matrix queries, int keys)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ThrowHelper.ThrowIfNotPositive(keys);
        if (queries.Cols != DK)
            throw new ArgumentException($"queries is {queries.ShapeString} but the table is {Table.ShapeString}; queries need dK = {DK} columns.", nameof(queries));
        if (queries.Rows > keys)
            throw new ArgumentException($"queries is {queries.ShapeString} but keys is {keys}; the T queries are the last T of the S keys, so T must not exceed S.", nameof(keys));
        var perDistance = Ops.MatMulTransposed(queries, Table);      // (T,Dk) x (2K+1,Dk)ᵀ -> (T, 2K+1)
        var scores = new Matrix(queries.Rows, keys);
        int offset = keys - queries.Rows, k = MaxDistance;
        for (int t = 0; t < queries.Rows; t++)
            for (int s = 0; s < keys; s++)
                scores.Data[t * keys + s] = perDistance[t, k + Math.Clamp(s - (t + offset), -k, k)];
        return scores;
    }

    /// <inheritdoc/>
    public override string ToString() => $"RelativePositionEmbedding(maxDistance = {MaxDistance}, dK = {DK})";
}
