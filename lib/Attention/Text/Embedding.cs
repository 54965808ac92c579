namespace Attention;

/// <summary>
/// A lookup table from token ids to vectors: row <c>id</c> of the (V, D) <see cref="Table"/> is the embedding of
/// token <c>id</c>, like <c>torch.nn.Embedding</c>. Inference only: the table is given or seeded, never trained here.
/// </summary>
public sealed class Embedding
{
    /// <summary>A table of seeded standard-normal entries, N(0, 1) as <c>torch.nn.Embedding</c> initialises it.</summary>
    /// <param name="vocabSize">V, the number of token ids. Shape: scalar.</param>
    /// <param name="dModel">D, the width of each embedding vector. Shape: scalar.</param>
    /// <param name="seed">Seed of the random generator; the same seed gives the same table. Shape: scalar.</param>
    public Embedding(int vocabSize, int dModel, int seed)
    {
        ThrowHelper.ThrowIfNotPositive(vocabSize);
        ThrowHelper.ThrowIfNotPositive(dModel);
        Shapes.ElementCount(vocabSize, dModel, nameof(dModel), "embedding table");
        Table = Matrix.RandomNormal(vocabSize, dModel, seed);
    }

    /// <summary>Wraps an existing table (no copy), e.g. trained weights.</summary>
    /// <param name="table">One row per token id. Shape: (V, D).</param>
    public Embedding(Matrix table)
    {
        ArgumentNullException.ThrowIfNull(table);
        Table = table;
    }

    /// <summary>V, the number of token ids.</summary>
    public int VocabSize => Table.Rows;

    /// <summary>D, the width of each embedding vector.</summary>
    public int DModel => Table.Cols;

    /// <summary>The embedding vectors, one row per token id. Shape: (V, D).</summary>
    public Matrix Table { get; }

    /// <summary>The embedding vectors of a sequence of ids, one row per id (copies). Shape: (T, D).</summary>
    /// <param name="ids">Token ids, each in [0, V). Shape: (T).</param>
    public Matrix Lookup(IReadOnlyList<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
            throw new ArgumentException("ids is empty; a sequence needs at least one token.", nameof(ids));
        for (int t = 0; t < ids.Count; t++)
            if ((uint)ids[t] >= (uint)VocabSize)
                throw new ArgumentOutOfRangeException(nameof(ids), ids[t], $"ids[{t}] is {ids[t]} but the table is {Table.ShapeString}, so ids must be in [0, {VocabSize}).");
        var output = new Matrix(ids.Count, DModel);
        for (int t = 0; t < ids.Count; t++)
            Table.Row(ids[t]).CopyTo(output.Row(t));
        return output;
    }

    /// <summary>
    /// The <paramref name="k"/> ids whose embeddings have the highest cosine similarity to that of <paramref name="id"/>,
    /// most similar first (ties: smaller id first); <paramref name="id"/> itself is left out.
    /// </summary>
    /// <param name="id">The token id to compare against, in [0, V). Shape: scalar.</param>
    /// <param name="k">How many neighbours to return, in [1, V − 1]. Shape: scalar.</param>
    /// <returns>(Id, Similarity) pairs. Shape: (k).</returns>
    public IReadOnlyList<(int Id, float Similarity)> Nearest(int id, int k)
    {
        if ((uint)id >= (uint)VocabSize)
            throw new ArgumentOutOfRangeException(nameof(id), id, $"id is {id} but the table is {Table.ShapeString}, so id must be in [0, {VocabSize}).");
        if (k < 1 || k > VocabSize - 1)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k is {k} but must be in [1, {VocabSize - 1}] for a table of {VocabSize} tokens (the token itself is excluded).");
        var query = Table.Row(id);
        var candidates = new List<(int Id, float Similarity)>(VocabSize - 1);
        for (int other = 0; other < VocabSize; other++)
            if (other != id)
                candidates.Add((other, Ops.CosineSimilarity(query, Table.Row(other))));
        candidates.Sort((a, b) => a.Similarity != b.Similarity ? b.Similarity.CompareTo(a.Similarity) : a.Id.CompareTo(b.Id));
        return candidates.GetRange(0, k);
    }

    /// <inheritdoc/>
    public override string ToString() => $"Embedding (V = {VocabSize}, D = {DModel})";
}
