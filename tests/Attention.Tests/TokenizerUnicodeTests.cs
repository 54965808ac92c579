using Attention;

namespace Attention.Tests;

/// <summary>
/// The tokenizer reads grapheme clusters (user-perceived characters), never UTF-16 code units: characters outside the
/// Basic Multilingual Plane, flags, ZWJ sequences and combining marks stay whole, and no lone surrogate ever becomes a
/// token or enters a vocabulary.
/// </summary>
public class TokenizerUnicodeTests
{
    private static void AssertNoLoneSurrogate(IEnumerable<string> tokens)
    {
        foreach (string token in tokens)
        {
            Assert.DoesNotContain('\uFFFD', token);
            for (int i = 0; i < token.Length; i++)
            {
                if (char.IsHighSurrogate(token[i]))
                {
                    Assert.True(i + 1 < token.Length && char.IsLowSurrogate(token[i + 1]), $"lone high surrogate in \"{token}\"");
                    i++;
                }
                else Assert.False(char.IsLowSurrogate(token[i]), $"lone low surrogate in \"{token}\"");
            }
        }
    }

    [Fact]
    public void A_flag_is_one_token_and_two_adjacent_flags_are_two()
    {
        // 🇫🇷 = U+1F1EB U+1F1F7: two regional indicators, four UTF-16 code units.
        Assert.Equal(["🇫🇷", "🇩🇪", "flags"], Tokenizer.Tokenize("🇫🇷🇩🇪 flags"));
    }

    [Fact]
    public void A_ZWJ_emoji_sequence_and_an_emoji_with_a_skin_tone_are_one_token_each()
    {
        const string coder = "\U0001F469\u200D\U0001F4BB"; // 👩‍💻 woman + ZWJ + laptop
        const string family = "\U0001F468\u200D\U0001F469\u200D\U0001F467"; // 👨‍👩‍👧
        const string thumbsUp = "\U0001F44D\U0001F3FD"; // 👍🏽
        Assert.Equal([coder, "codes", family, thumbsUp, "!"], Tokenizer.Tokenize($"{coder} codes {family}{thumbsUp}!"));
    }

    [Fact]
    public void An_emoji_with_a_variation_selector_is_one_token()
    {
        Assert.Equal(["i", "\u2764\uFE0F", "\U0001F408", "."], Tokenizer.Tokenize("I \u2764\uFE0F \U0001F408."));
    }

    [Fact]
    public void A_letter_with_combining_marks_stays_inside_its_word()
    {
        const string decomposed = "cafe\u0301"; // e + COMBINING ACUTE ACCENT
        const string stacked = "a\u0308\u0304bc"; // a with diaeresis and macron, then bc
        Assert.Equal([decomposed, "au", "lait"], Tokenizer.Tokenize("Cafe\u0301 au lait"));
        Assert.Equal([stacked], Tokenizer.Tokenize(stacked));
        Assert.Equal(["\u0301", "x"], Tokenizer.Tokenize("\u0301 x")); // a mark with no base is a symbol of its own
    }

    [Fact]
    public void Mathematical_letters_outside_the_BMP_are_letters_and_stay_whole()
    {
        // 𝑥 U+1D465 and 𝑦 U+1D466 are letters (Ll) written as surrogate pairs.
        Assert.Equal(["\U0001D465", "+", "\U0001D466", "=", "1"], Tokenizer.Tokenize("\U0001D465 + \U0001D466 = 1"));
        Assert.Equal(["\U0001D465\U0001D466"], Tokenizer.Tokenize("\U0001D465\U0001D466"));
        Assert.Equal(["\U0001D7D9\U0001D7DA"], Tokenizer.Tokenize("\U0001D7D9\U0001D7DA")); // 𝟙𝟚, mathematical digits: one number
    }

    [Fact]
    public void No_lone_surrogate_enters_the_tokens_or_the_vocabulary_of_a_mixed_text()
    {
        const string text = "Le 🇫🇷 drapeau, 👩‍💻 codes 𝑥² + 𝑦 — naïve cafe\u0301 👍🏽👍🏽 🐈‍⬛ 😀😀😀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢";
        var tokens = Tokenizer.Tokenize(text);
        AssertNoLoneSurrogate(tokens);
        Assert.Equal(text.Replace(" ", ""), string.Concat(Tokenizer.Tokenize(text, lowercase: false))); // nothing lost
        var vocabulary = Vocabulary.FromText(text);
        AssertNoLoneSurrogate(vocabulary.Tokens);
        Assert.Contains("😀", vocabulary.Tokens);
        Assert.Equal(vocabulary["😀"], vocabulary.Encode("😀")[0]);
    }

    [Fact]
    public void Text_with_a_lone_surrogate_is_refused_with_its_position()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tokenizer.Tokenize("ab\uD83D cd"));
        Assert.Equal("text", ex.ParamName);
        TestData.AssertMessageContains(ex, "U+D83D", "index 2");
        Assert.Equal("text", Assert.Throws<ArgumentException>(() => Tokenizer.Tokenize("\uDE00")).ParamName);
    }

    [Fact]
    public void A_vocabulary_refuses_a_token_holding_half_a_surrogate_pair()
    {
        var ex = Assert.Throws<ArgumentException>(() => Vocabulary.Build(["cat", "\uD83D", "\uDE00"]));
        Assert.Equal("tokens", ex.ParamName);
        TestData.AssertMessageContains(ex, "tokens[1]", "surrogate");
    }
}
