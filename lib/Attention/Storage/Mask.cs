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
        var allowed = new bool[Shapes.ElementCount(queries, keys, nameof(keys), "mask")];
        allowed.AsSpan().Fill(true);
        return new Mask(queries, keys, allowed);
    }

    /// <summary>
    /// Causal (look-ahead) mask for self-attention: query t may attend to keys 0..t. Shape: (T, T).
    /// For a square mask both alignments agree: this equals <see cref="CausalTopLeft"/>(T, T) and PyTorch's <c>is_causal=True</c>.
    /// </summary>
    /// <param name="seqLen">T, the sequence length.</param>
    public static Mask Causal(int seqLen)
    {
        ThrowHelper.ThrowIfNotPositive(seqLen);
        Shapes.ElementCount(seqLen, seqLen, nameof(seqLen), "causal mask");
        return Causal(seqLen, seqLen);
    }

    /// <summary>
    /// Rectangular causal mask, <b>bottom-right aligned</b> (the KV-cache convention): the T queries are the last T
    /// positions of a sequence of S keys, as when decoding with a cache of S − T earlier tokens, so query t may attend
    /// to keys 0..(S − T + t) and the last query sees every key. Shape: (T, S).
    /// </summary>
    /// <remarks>
    /// PyTorch's <c>is_causal=True</c> (in <c>F.scaled_dot_product_attention</c>) aligns <b>top-left</b> instead: query t
    /// sees keys 0..t whatever S is. That is <see cref="CausalTopLeft"/>. The two agree only when T = S. Use this one
    /// when the queries are the newest tokens of the key sequence (decoding with a cache); use the top-left one only to
    /// reproduce PyTorch's <c>is_causal</c> on a rectangular (T, S).
    /// </remarks>
    /// <param name="queries">T, the number of queries; at most <paramref name="keys"/>.</param>
    /// <param name="keys">S, the number of keys.</param>
    public static Mask Causal(int queries, int keys)
    {
        ThrowHelper.ThrowIfNotPositive(queries);
        ThrowHelper.ThrowIfNotPositive(keys);
        if (queries > keys)
            throw new ArgumentException($"queries is {queries} but keys is {keys}; a causal mask places the T queries at the end of the S keys, so T must not exceed S.", nameof(queries));
        var allowed = new bool[Shapes.ElementCount(queries, keys, nameof(keys), "causal mask")];
        int offset = keys - queries;
        for (int t = 0; t < queries; t++)
            allowed.AsSpan(t * keys, t + offset + 1).Fill(true);
        return new Mask(queries, keys, allowed);
    }

    /// <summary>
    /// Causal mask, <b>top-left aligned</b> like PyTorch's <c>is_causal=True</c>: query t may attend to keys 0..t,
    /// whatever S is (when T &gt; S, queries t ≥ S see every key). Shape: (T, S).
    /// </summary>
    /// <remarks>
    /// Compare <see cref="Causal(int, int)"/>, aligned bottom-right (the KV-cache convention), where the last query sees
    /// every key. For T = S the two are the same mask. With T &lt; S, top-left alignment hides the newest S − T keys
    /// from every query — right only if the queries really are the first T positions.
    /// </remarks>
    /// <param name="queries">T, the number of queries.</param>
    /// <param name="keys">S, the number of keys.</param>
    public static Mask CausalTopLeft(int queries, int keys)
    {
        ThrowHelper.ThrowIfNotPositive(queries);
        ThrowHelper.ThrowIfNotPositive(keys);
        var allowed = new bool[Shapes.ElementCount(queries, keys, nameof(keys), "causal mask")];
        for (int t = 0; t < queries; t++)
            allowed.AsSpan(t * keys, Math.Min(t + 1, keys)).Fill(true);
        return new Mask(queries, keys, allowed);
    }

    /// <summary>
    /// Key padding mask from a per-key keep vector: every query may attend to key s exactly when <c>keep[s]</c> is true
    /// (a real token) and to no padding key. This is PyTorch's <c>key_padding_mask</c> inverted (there
    /// <c>True</c> = padding, ignore). Shape: (T, S) with S = keep.Length.
    /// </summary>
    /// <param name="queries">T, the number of queries.</param>
    /// <param name="keep">true for a real token, false for padding. Shape: (S).</param>
    public static Mask KeyPadding(int queries, bool[] keep)
    {
        ThrowHelper.ThrowIfNotPositive(queries);
        ArgumentNullException.ThrowIfNull(keep);
        if (keep.Length == 0)
            throw new ArgumentException("keep is (0); a mask needs at least one key.", nameof(keep));
        var allowed = new bool[Shapes.ElementCount(queries, keep.Length, nameof(keep), "mask")];
        for (int t = 0; t < queries; t++)
            keep.CopyTo(allowed, t * keep.Length);
        return new Mask(queries, keep.Length, allowed);
    }

    /// <summary>Copies a jagged array of rows of equal length, like <see cref="Matrix.FromRows"/> (<c>true = may attend</c>). Shape: (T, S).</summary>
    /// <param name="rows">One row per query, one entry per key. Shape: (T, S).</param>
    public static Mask FromRows(params bool[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Length == 0)
            throw new ArgumentException("rows is empty; a mask needs at least one query.", nameof(rows));
        int keys = rows[0]?.Length ?? throw new ArgumentNullException(nameof(rows), "rows[0] is null.");
        if (keys == 0)
            throw new ArgumentException("rows[0] is empty; a mask needs at least one key.", nameof(rows));
        var allowed = new bool[Shapes.ElementCount(rows.Length, keys, nameof(rows), "mask")];
        for (int t = 0; t < rows.Length; t++)
        {
            if (rows[t] is null || rows[t].Length != keys)
                throw new ArgumentException($"rows[{t}] has length {rows[t]?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"} but rows[0] has length {keys}.", nameof(rows));
            rows[t].CopyTo(allowed, t * keys);
        }
        return new Mask(rows.Length, keys, allowed);
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
        var allowed = new bool[Shapes.ElementCount(queries, keys, nameof(keys), "mask")];
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
        Shapes.ElementCount(seqLen, seqLen, nameof(seqLen), "mask");
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
        var flat = new bool[Shapes.ElementCount(rows, cols, nameof(allowed), "mask")];
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
