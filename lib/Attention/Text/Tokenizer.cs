using System.Text.RegularExpressions;

namespace Attention;

/// <summary>
/// A small rule-based word tokenizer: enough to turn sentences into the token sequences the notebooks feed to an
/// <see cref="Embedding"/>. It is not a subword (BPE) tokenizer.
/// </summary>
/// <remarks>
/// Rules, applied left to right:
/// <list type="bullet">
/// <item>a <b>word</b> is a letter followed by letters, digits or combining marks; an apostrophe (' or ’) between two
/// letters stays inside the word, so <c>didn't</c>, <c>o'clock</c> and <c>rock’n’roll</c> are one token each. An
/// apostrophe at the start or end of a word (<c>'tis</c>, <c>dogs'</c>) is punctuation and becomes its own token;</item>
/// <item>a <b>number</b> is a run of digits with optional inner <c>.</c> or <c>,</c> groups: <c>3.14</c>, <c>1,000</c>;
/// a number followed by letters splits there (<c>3rd</c> → <c>3</c>, <c>rd</c>);</item>
/// <item>every other non-space character (punctuation, symbols) is a token of its own: <c>...</c> is three tokens;</item>
/// <item>white space separates tokens and is dropped.</item>
/// </list>
/// </remarks>
public static partial class Tokenizer
{
    /// <summary>Splits <paramref name="text"/> into words, numbers and single punctuation marks.</summary>
    /// <param name="text">Any text; an empty or all-space text gives no tokens. Shape: scalar.</param>
    /// <param name="lowercase">Lower-case every token (invariant culture) so "The" and "the" share one id. Shape: scalar.</param>
    /// <returns>The tokens in order. Shape: (T).</returns>
    /// <example><c>Tokenize("The cat sat on the mat.")</c> is <c>[the, cat, sat, on, the, mat, .]</c>.</example>
    public static string[] Tokenize(string text, bool lowercase = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var matches = TokenPattern().Matches(text);
        var tokens = new string[matches.Count];
        for (int i = 0; i < tokens.Length; i++)
            tokens[i] = lowercase ? matches[i].Value.ToLowerInvariant() : matches[i].Value;
        return tokens;
    }

    [GeneratedRegex(@"\p{L}[\p{L}\p{M}\p{N}]*(?:['’]\p{L}[\p{L}\p{M}\p{N}]*)*|\p{N}+(?:[.,]\p{N}+)*|[^\s\p{L}\p{N}]", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();
}
