using System.Globalization;
using System.Text;

namespace Attention;

/// <summary>
/// A small rule-based word tokenizer: enough to turn sentences into the token sequences the notebooks feed to an
/// <see cref="Embedding"/>. It is not a subword (BPE) tokenizer.
/// </summary>
/// <remarks>
/// The text is read as user-perceived characters, <b>grapheme clusters</b> (Unicode text elements, as
/// <see cref="StringInfo"/> splits them), never as UTF-16 code units: a flag (🇫🇷), an emoji joined with ZWJ (👩‍💻),
/// a letter with combining marks (é written e + U+0301) or a mathematical letter outside the Basic Multilingual Plane
/// (𝑥) is one character, so no token ever holds half a surrogate pair. A cluster counts as a letter, a digit or a
/// space by its first code point. Rules, applied left to right:
/// <list type="bullet">
/// <item>a <b>word</b> is a letter followed by letters or digits; an apostrophe (' or ’) between two letters stays
/// inside the word, so <c>didn't</c>, <c>o'clock</c> and <c>rock’n’roll</c> are one token each. An apostrophe at the
/// start or end of a word (<c>'tis</c>, <c>dogs'</c>) is punctuation and becomes its own token;</item>
/// <item>a <b>number</b> is a run of digits with optional inner <c>.</c> or <c>,</c> groups: <c>3.14</c>, <c>1,000</c>;
/// a number followed by letters splits there (<c>3rd</c> → <c>3</c>, <c>rd</c>);</item>
/// <item>every other non-space character (punctuation, symbols, emoji) is a token of its own: <c>...</c> is three tokens;</item>
/// <item>white space separates tokens and is dropped.</item>
/// </list>
/// </remarks>
public static class Tokenizer
{
    private enum Kind { Letter, Digit, Space, Other }

    /// <summary>Splits <paramref name="text"/> into words, numbers and single punctuation marks or symbols.</summary>
    /// <param name="text">Any text; an empty or all-space text gives no tokens. Shape: scalar.</param>
    /// <param name="lowercase">Lower-case every token (invariant culture) so "The" and "the" share one id. Shape: scalar.</param>
    /// <returns>The tokens in order. Shape: (T).</returns>
    /// <example><c>Tokenize("The cat sat on the mat.")</c> is <c>[the, cat, sat, on, the, mat, .]</c>.</example>
    /// <exception cref="ArgumentException">text is not valid UTF-16: it holds half of a surrogate pair.</exception>
    public static string[] Tokenize(string text, bool lowercase = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        int lone = IndexOfLoneSurrogate(text);
        if (lone >= 0)
            throw new ArgumentException($"text holds a lone surrogate U+{(int)text[lone]:X4} at index {lone} (half of a character outside the Basic Multilingual Plane, invalid UTF-16); it cannot become a token.", nameof(text));
        string[] clusters = GraphemeClusters(text);
        var kinds = Array.ConvertAll(clusters, Classify);
        var tokens = new List<string>();
        int i = 0;
        while (i < clusters.Length)
        {
            int end = kinds[i] switch
            {
                Kind.Space => i + 1,
                Kind.Letter => EndOfWord(clusters, kinds, i),
                Kind.Digit => EndOfNumber(clusters, kinds, i),
                _ => i + 1,
            };
            if (kinds[i] != Kind.Space)
            {
                string token = string.Concat(clusters.AsSpan(i, end - i));
                tokens.Add(lowercase ? token.ToLowerInvariant() : token);
            }
            i = end;
        }
        return [.. tokens];
    }

    /// <summary>The text's grapheme clusters (extended, per Unicode UAX #29), in order. Shape: (N).</summary>
    private static string[] GraphemeClusters(string text)
    {
        var clusters = new List<string>(text.Length);
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext()) clusters.Add(enumerator.GetTextElement());
        return [.. clusters];
    }

    /// <summary>Letter, digit, space or other, by the cluster's first code point (a lone surrogate is "other").</summary>
    private static Kind Classify(string cluster)
    {
        Rune first = Rune.DecodeFromUtf16(cluster, out Rune rune, out _) == System.Buffers.OperationStatus.Done ? rune : Rune.ReplacementChar;
        if (Rune.IsWhiteSpace(first)) return Kind.Space;
        if (Rune.IsLetter(first)) return Kind.Letter;
        if (Rune.IsNumber(first)) return Kind.Digit;
        return Kind.Other;
    }

    /// <summary>A letter, then letters and digits, with an apostrophe allowed between two letters.</summary>
    private static int EndOfWord(string[] clusters, Kind[] kinds, int start)
    {
        int end = start + 1;
        while (end < clusters.Length)
        {
            if (kinds[end] is Kind.Letter or Kind.Digit) end++;
            else if (IsApostrophe(clusters[end]) && end + 1 < clusters.Length && kinds[end + 1] == Kind.Letter) end += 2;
            else break;
        }
        return end;
    }

    /// <summary>Digits, with inner groups after a '.' or ',' that is followed by a digit.</summary>
    private static int EndOfNumber(string[] clusters, Kind[] kinds, int start)
    {
        int end = start + 1;
        while (end < clusters.Length)
        {
            if (kinds[end] == Kind.Digit) end++;
            else if (clusters[end] is "." or "," && end + 1 < clusters.Length && kinds[end + 1] == Kind.Digit) end += 2;
            else break;
        }
        return end;
    }

    /// <summary>The index of the first high or low surrogate without its partner, or −1 when the text is valid UTF-16.</summary>
    internal static int IndexOfLoneSurrogate(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return i;
        }
        return -1;
    }

    private static bool IsApostrophe(string cluster) => cluster is "'" or "’";
}
