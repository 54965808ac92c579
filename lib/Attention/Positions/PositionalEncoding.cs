namespace Attention;

/// <summary>
/// Fixed sinusoidal positional encodings (Vaswani et al., 2017, §3.5): added to the token embeddings so that
/// attention, which is blind to order, can tell positions apart.
/// </summary>
public static class PositionalEncoding
{
    /// <summary>
    /// The sinusoidal table: <c>PE[pos, 2i] = sin(pos / base^(2i/D))</c> and <c>PE[pos, 2i+1] = cos(pos / base^(2i/D))</c>.
    /// Each column pair (2i, 2i+1) is a point on the unit circle turning at its own frequency, so moving k positions
    /// on is the same rotation for every position. For an odd D the last column D − 1 is a sine (frequency
    /// base^(−(D−1)/D)) without a cosine partner. Angles are computed in double precision. Shape: (T, D).
    /// </summary>
    /// <param name="seqLen">T, the number of positions 0..T−1. Shape: scalar.</param>
    /// <param name="dModel">D, the width of the embeddings the table is added to. Shape: scalar.</param>
    /// <param name="base">The wavelength scale; 10000 in the paper, giving wavelengths from 2π to 10000·2π. Shape: scalar.</param>
    public static Matrix Sinusoidal(int seqLen, int dModel, float @base = 10000f)
    {
        ThrowHelper.ThrowIfNotPositive(seqLen);
        ThrowHelper.ThrowIfNotPositive(dModel);
        if (!(@base > 1f) || float.IsInfinity(@base))
            throw new ArgumentOutOfRangeException(nameof(@base), @base, $"base must be a finite number greater than 1 but is {@base}.");
        var table = new Matrix(seqLen, dModel, new float[Shapes.ElementCount(seqLen, dModel, nameof(dModel), "sinusoidal table")]);
        for (int i = 0; 2 * i < dModel; i++)
        {
            double frequency = Math.Pow(@base, -2.0 * i / dModel);
            for (int pos = 0; pos < seqLen; pos++) // pos · D + 2i + 1 < T · D, checked above
            {
                double angle = pos * frequency;
                table.Data[pos * dModel + 2 * i] = (float)Math.Sin(angle);
                if (2 * i + 1 < dModel) table.Data[pos * dModel + 2 * i + 1] = (float)Math.Cos(angle);
            }
        }
        return table;
    }
}

/// <summary>
/// Learned absolute positional embeddings (as in BERT and GPT-2): one trainable vector per position, stored as a
/// (maxLen, D) table and added to the token embeddings. Here the table is seeded N(0, 1) like
/// <c>torch.nn.Embedding</c>, or given; it is not trained.
/// </summary>
public sealed class LearnedPositionalEncoding
{
    /// <summary>A table of seeded standard-normal entries.</summary>
    /// <param name="maxLen">The longest sequence the table covers. Shape: scalar.</param>
    /// <param name="dModel">D, the width of each position vector. Shape: scalar.</param>
    /// <param name="seed">Seed of the random generator; the same seed gives the same table. Shape: scalar.</param>
    public LearnedPositionalEncoding(int maxLen, int dModel, int seed)
    {
        ThrowHelper.ThrowIfNotPositive(maxLen);
        ThrowHelper.ThrowIfNotPositive(dModel);
        Shapes.ElementCount(maxLen, dModel, nameof(dModel), "position table");
        Table = Matrix.RandomNormal(maxLen, dModel, seed);
    }

    /// <summary>Wraps an existing table (no copy), e.g. trained weights.</summary>
    /// <param name="table">One row per position. Shape: (maxLen, D).</param>
    public LearnedPositionalEncoding(Matrix table)
    {
        ArgumentNullException.ThrowIfNull(table);
        Table = table;
    }

    /// <summary>One vector per position. Shape: (maxLen, D).</summary>
    public Matrix Table { get; }

    /// <summary>The longest sequence the table covers.</summary>
    public int MaxLen => Table.Rows;

    /// <summary>D, the width of each position vector.</summary>
    public int DModel => Table.Cols;

    /// <summary>The vectors of positions 0..T−1 (a copy). Shape: (T, D).</summary>
    /// <param name="seqLen">T, in [1, maxLen]. Shape: scalar.</param>
    public Matrix Forward(int seqLen)
    {
        if (seqLen < 1 || seqLen > MaxLen)
            throw new ArgumentOutOfRangeException(nameof(seqLen), seqLen, $"seqLen is {seqLen} but the table is {Table.ShapeString}, so seqLen must be in [1, {MaxLen}].");
        return Table.SliceRows(0, seqLen);
    }

    /// <summary>Token vectors plus their position vectors: <c>x[t] + Table[t]</c>, as a new matrix. Shape: (T, D).</summary>
    /// <param name="x">A sequence of T ≤ maxLen token vectors. Shape: (T, D).</param>
    public Matrix AddTo(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Cols != DModel || x.Rows > MaxLen)
            throw new ArgumentException($"x is {x.ShapeString} but the table is {Table.ShapeString}; x needs {DModel} columns and at most {MaxLen} rows.", nameof(x));
        var output = x.Clone();
        System.Numerics.Tensors.TensorPrimitives.Add(output.Data, Table.Data.AsSpan(0, x.Data.Length), output.Data);
        return output;
    }
}
