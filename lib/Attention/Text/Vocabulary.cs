namespace Attention;

/// <summary>
/// A two-way map between tokens and integer ids, the input side of an <see cref="Embedding"/>.
/// Id 0 is <see cref="Unknown"/> and id 1 is <see cref="Padding"/>; the other tokens follow in order of first
/// appearance, so the same text always gives the same ids.
/// </summary>
public sealed class Vocabulary
{
    /// <summary>The token that stands for any token not in the vocabulary; its id is 0.</summary>
    public const string Unknown = "<unk>";

    /// <summary>The token used to pad sequences of a batch to one length; its id is 1.</summary>
    public const string Padding = "<pad>";

    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;
    private readonly bool _lowercase;

    private Vocabulary(List<string> tokens, bool lowercase)
    {
        _tokens = [.. tokens];
        _ids = new Dictionary<string, int>(_tokens.Length, StringComparer.Ordinal);
        for (int id = 0; id < _tokens.Length; id++) _ids[_tokens[id]] = id;
        _lowercase = lowercase;
    }

    /// <summary>
    /// Builds a vocabulary from a token stream: <see cref="Unknown"/> and <see cref="Padding"/> first, then every token
    /// seen at least <paramref name="minCount"/> times, in order of first appearance. Tokens are compared ordinally
    /// (case-sensitive). <see cref="Encode(string)"/> on the result tokenizes with lower-casing, the
    /// <see cref="Tokenizer"/> default.
    /// </summary>
    /// <param name="tokens">The corpus as tokens, e.g. from <see cref="Tokenizer.Tokenize"/>. Shape: (N).</param>
    /// <param name="minCount">Tokens seen fewer times map to <see cref="Unknown"/>; at least 1. Shape: scalar.</param>
    public static Vocabulary Build(IEnumerable<string> tokens, int minCount = 1) => BuildCore(tokens, minCount, lowercase: true);

    /// <summary>Tokenizes <paramref name="text"/> with <see cref="Tokenizer.Tokenize"/> and builds a vocabulary of every token in it.</summary>
    /// <param name="text">The corpus. Shape: scalar.</param>
    /// <param name="lowercase">Lower-case tokens, here and in later calls to <see cref="Encode(string)"/>. Shape: scalar.</param>
    public static Vocabulary FromText(string text, bool lowercase = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        return BuildCore(Tokenizer.Tokenize(text, lowercase), minCount: 1, lowercase);
    }

    private static Vocabulary BuildCore(IEnumerable<string> tokens, int minCount, bool lowercase)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ThrowHelper.ThrowIfNotPositive(minCount);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstSeen = new List<string>();
        int index = 0;
        foreach (var token in tokens)
        {
            if (token is null)
                throw new ArgumentException($"tokens[{index}] is null.", nameof(tokens));
            if (Tokenizer.IndexOfLoneSurrogate(token) >= 0)
                throw new ArgumentException($"tokens[{index}] holds half of a surrogate pair (invalid UTF-16); it would display as \"\uFFFD\". Split text with Tokenizer.Tokenize, which keeps every character whole.", nameof(tokens));
            if (counts.TryGetValue(token, out int count)) counts[token] = count + 1;
            else { counts[token] = 1; firstSeen.Add(token); }
            index++;
        }
        var list = new List<string> { Unknown, Padding };
        foreach (var token in firstSeen)
            if (counts[token] >= minCount && token != Unknown && token != Padding)
                list.Add(token);
        return new Vocabulary(list, lowercase);
    }

    /// <summary>Number of tokens including the two special ones: the vocabulary size V.</summary>
    public int Count => _tokens.Length;

    /// <summary>All tokens; the index of a token is its id. Shape: (V).</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>The id of <paramref name="token"/>, or 0 (<see cref="Unknown"/>) if it is not in the vocabulary.</summary>
    /// <param name="token">A token, compared ordinally. Shape: scalar.</param>
    public int this[string token]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(token);
            return _ids.TryGetValue(token, out int id) ? id : 0;
        }
    }

    /// <summary>The token with id <paramref name="id"/>.</summary>
    /// <param name="id">An id in [0, V). Shape: scalar.</param>
    public string this[int id]
    {
        get
        {
            if ((uint)id >= (uint)_tokens.Length)
                throw new ArgumentOutOfRangeException(nameof(id), id, $"id is {id} but the vocabulary has {Count} tokens (ids 0..{Count - 1}).");
            return _tokens[id];
        }
    }

    /// <summary>Maps tokens to ids; unknown tokens map to 0.</summary>
    /// <param name="tokens">The tokens. Shape: (T).</param>
    /// <returns>One id per token. Shape: (T).</returns>
    public int[] Encode(IEnumerable<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var ids = new List<int>();
        int index = 0;
        foreach (var token in tokens)
        {
            if (token is null)
                throw new ArgumentException($"tokens[{index}] is null.", nameof(tokens));
            ids.Add(_ids.TryGetValue(token, out int id) ? id : 0);
            index++;
        }
        return [.. ids];
    }

    /// <summary>
    /// Tokenizes <paramref name="text"/> (lower-casing as the vocabulary was built: <see cref="FromText"/>'s argument,
    /// or lower-case for <see cref="Build"/>) and maps the tokens to ids.
    /// </summary>
    /// <param name="text">The text to encode. Shape: scalar.</param>
    /// <returns>One id per token. Shape: (T).</returns>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Encode(Tokenizer.Tokenize(text, _lowercase));
    }

    /// <summary>Maps ids back to tokens.</summary>
    /// <param name="ids">Ids, each in [0, V). Shape: (T).</param>
    /// <returns>One token per id. Shape: (T).</returns>
    public string[] Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var tokens = new List<string>();
        int index = 0;
        foreach (int id in ids)
        {
            if ((uint)id >= (uint)_tokens.Length)
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"ids[{index}] is {id} but the vocabulary has {Count} tokens (ids 0..{Count - 1}).");
            tokens.Add(_tokens[id]);
            index++;
        }
        return [.. tokens];
    }

    /// <inheritdoc/>
    public override string ToString() => $"Vocabulary ({Count} tokens)";
}
