using System.Text;

namespace Attention;

/// <summary>
/// Which keys each query may attend to: a (T, S) boolean matrix with the convention <c>true = may attend</c>.
/// Attention turns a blocked entry into a score of −∞ before the softmax. A query row with no allowed key gets
/// zero weights and a zero output (PyTorch 1.13 returns NaN there; PyTorch ≥ 2.5 returns zeros).
/// </summary>
[Formatting.TypeFormatterSource(typeof(Formatting.HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class Mask
{
    private readonly bool[] _allowed;

    private Mask(int queries, int keys, bool[] allowed)
    {
        Queries = queries;
        Keys = keys;
        _allowed = allowed;
    }

    /// <summary>Number of query rows T.</summary>
    public int Queries { get; }

    /// <summary>Number of key columns S.</summary>
    public int Keys { get; }

    /// <summary>The shape as a tuple: <c>(T, S)</c>.</summary>
    public (int Queries, int Keys) Shape => (Queries, Keys);

    /// <summary>The shape formatted as <c>(T, S)</c>.</summary>
    public string ShapeString => $"({Queries}, {Keys})";

    /// <summary>Whether query <paramref name="query"/> may attend to key <paramref name="key"/>.</summary>
    public bool this[int query, int key]
    {
        get
        {
            if ((uint)query >= (uint)Queries || (uint)key >= (uint)Keys)
                throw new ArgumentOutOfRangeException(nameof(query), $"({query}, {key}) is outside a {ShapeString} mask.");
            return _allowed[query * Keys + key];
        }
    }

    /// <summary>The row of query <paramref name="query"/> (no copy). Shape: (S).</summary>
    /// <param name="query">Row index in [0, Queries).</param>
    public ReadOnlySpan<bool> Row(int query)
    {
        if ((uint)query >= (uint)Queries)
            throw new ArgumentOutOfRangeException(nameof(query), query, $"query must be in [0, {Queries}) for a {ShapeString} mask.");
        return _allowed.AsSpan(query * Keys, Keys);
    }

    /// <summary>Every query may attend to every key. Shape: (T, S).</summary>
    /// <param name="queries">T, the number of queries.</param>
    /// <param name="keys">S, the number of keys.</param>
    public static Mask None(int queries, int keys)
    {
        ThrowHelper.ThrowIfNotPositive(queries);
        ThrowHelper.ThrowIfNotPositive(keys);
        return new Mask(queries, keys, Enumerable.Repeat(true, queries * keys).ToArray());
    }

    /// <summary>
    /// Causal (look-ahead) mask for self-attention: query t may attend to keys 0..t. Shape: (T, T).
    /// </summary>
    /// <param name="seqLen">T, the sequence length.</param>
    public static Mask Causal(int seqLen) => Causal(seqLen, seqLen);

    /// <summary>
    /// Rectangular causal mask: the T queries are the last T positions of a sequence of S keys
    /// (as when decoding with a cache), so query t may attend to keys 0..(S − T + t). Shape: (T, S).
    /// </summary>
    /// <param name="queries">T, the number of queries; at most <paramref name="keys"/>.</param>
    /// <param name="keys">S, the number of keys.</param>
    public static Mask Causal(int queries, int keys)
    {
        ThrowHelper.ThrowIfNotPositive(queries);
        ThrowHelper.ThrowIfNotPositive(keys);
        if (queries > keys)
            throw new ArgumentException($"queries is {queries} but keys is {keys}; a causal mask places the T queries at the end of the S keys, so T must not exceed S.", nameof(queries));
        var allowed = new bool[queries * keys];
        int offset = keys - queries;
        for (int t = 0; t < queries; t++)
            for (int s = 0; s <= t + offset; s++)
                allowed[t * keys + s] = true;
        return new Mask(queries, keys, allowed);
    }

    /// <summary>Padding mask: every query may attend to the first <paramref name="validKeys"/> keys only. Shape: (T, S).</summary>
    /// <param name="queries">T, the number of queries.</param>
    /// <param name="keys">S, the padded number of keys.</param>
    /// <param name="validKeys">How many keys are real tokens (0..S); the rest are padding.</param>
    public static Mask Padding(int queries, int keys, int validKeys)
    {
        ThrowHelper.ThrowIfNotPositive(queries);
        ThrowHelper.ThrowIfNotPositive(keys);
        if (validKeys < 0 || validKeys > keys)
            throw new ArgumentOutOfRangeException(nameof(validKeys), validKeys, $"validKeys must be in [0, {keys}] for {keys} keys but is {validKeys}.");
        var allowed = new bool[queries * keys];
        for (int t = 0; t < queries; t++)
            allowed.AsSpan(t * keys, validKeys).Fill(true);
        return new Mask(queries, keys, allowed);
    }

    /// <summary>
    /// One padding mask per sequence of a batch padded to a common length: sequence b may attend to its first
    /// <c>lengths[b]</c> keys. Shape: B × (T, T) with T = <paramref name="seqLen"/>.
    /// </summary>
    /// <param name="lengths">Real length of each sequence, each in [0, seqLen]. Shape: (B).</param>
    /// <param name="seqLen">T, the padded length.</param>
    public static Mask[] PaddingFromLengths(IReadOnlyList<int> lengths, int seqLen)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        ThrowHelper.ThrowIfNotPositive(seqLen);
        if (lengths.Count == 0)
            throw new ArgumentException("lengths is empty; give one length per sequence.", nameof(lengths));
        var masks = new Mask[lengths.Count];
        for (int b = 0; b < lengths.Count; b++)
        {
            if (lengths[b] < 0 || lengths[b] > seqLen)
                throw new ArgumentOutOfRangeException(nameof(lengths), lengths[b], $"lengths[{b}] is {lengths[b]} but must be in [0, {seqLen}].");
            masks[b] = Padding(seqLen, seqLen, lengths[b]);
        }
        return masks;
    }

    /// <summary>Copies a boolean array (<c>true = may attend</c>). Shape: (T, S).</summary>
    /// <param name="allowed">Which keys each query may attend to. Shape: (T, S).</param>
    public static Mask FromArray(bool[,] allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        int rows = allowed.GetLength(0), cols = allowed.GetLength(1);
        if (rows == 0 || cols == 0)
            throw new ArgumentException($"allowed is ({rows}, {cols}); a mask needs at least one query and one key.", nameof(allowed));
        var flat = new bool[rows * cols];
        for (int t = 0; t < rows; t++)
            for (int s = 0; s < cols; s++)
                flat[t * cols + s] = allowed[t, s];
        return new Mask(rows, cols, flat);
    }

    /// <summary>Copies into a new boolean array. Shape: (T, S).</summary>
    public bool[,] ToArray()
    {
        var result = new bool[Queries, Keys];
        for (int t = 0; t < Queries; t++)
            for (int s = 0; s < Keys; s++)
                result[t, s] = _allowed[t * Keys + s];
        return result;
    }

    /// <summary>Allowed only where both masks allow, e.g. causal and padding together. Shape: (T, S).</summary>
    /// <param name="other">A mask of the same shape. Shape: (T, S).</param>
    public Mask And(Mask other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Shape != Shape)
            throw new ArgumentException($"other is {other.ShapeString} but this mask is {ShapeString}; they must have the same shape.", nameof(other));
        var allowed = new bool[_allowed.Length];
        for (int i = 0; i < allowed.Length; i++) allowed[i] = _allowed[i] && other._allowed[i];
        return new Mask(Queries, Keys, allowed);
    }

    /// <summary>The mask as an additive bias: 0 where allowed, −∞ where blocked. Shape: (T, S).</summary>
    public Matrix ToBias()
    {
        var bias = new Matrix(Queries, Keys);
        for (int i = 0; i < _allowed.Length; i++) bias.Data[i] = _allowed[i] ? 0f : float.NegativeInfinity;
        return bias;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder($"Mask {ShapeString}").AppendLine();
        for (int t = 0; t < Math.Min(Queries, 16); t++)
        {
            sb.Append("  ");
            for (int s = 0; s < Math.Min(Keys, 32); s++) sb.Append(_allowed[t * Keys + s] ? '■' : '·');
            sb.AppendLine();
        }
        return sb.ToString();
    }
}
