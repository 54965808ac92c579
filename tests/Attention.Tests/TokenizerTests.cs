using FsCheck;
using FsCheck.Fluent;

namespace Attention.Tests;

public class TokenizerTests
{
    [Fact]
    public void The_cat_sat_on_the_mat_splits_into_lowercase_words_and_a_full_stop()
    {
        Assert.Equal(["the", "cat", "sat", "on", "the", "mat", "."], Tokenizer.Tokenize("The cat sat on the mat."));
    }

    [Fact]
    public void Lowercase_false_keeps_the_original_case()
    {
        Assert.Equal(["The", "Cat", "!"], Tokenizer.Tokenize("The Cat!", lowercase: false));
    }

    [Fact]
    public void Apostrophes_between_letters_stay_inside_the_word()
    {
        Assert.Equal(["didn't", "stop", "at", "o'clock", ",", "rock’n’roll"], Tokenizer.Tokenize("Didn't stop at o'clock, rock’n’roll"));
    }

    [Fact]
    public void Apostrophes_at_the_edge_of_a_word_are_punctuation()
    {
        Assert.Equal(["'", "tis", "the", "dogs", "'", "bone"], Tokenizer.Tokenize("'Tis the dogs' bone"));
    }

    [Fact]
    public void Numbers_keep_inner_decimal_points_and_thousands_separators()
    {
        Assert.Equal(["pi", "is", "3.14", ",", "not", "1,000", "."], Tokenizer.Tokenize("Pi is 3.14, not 1,000."));
    }

    [Fact]
    public void A_number_followed_by_letters_splits_at_the_letters()
    {
        Assert.Equal(["the", "3", "rd", "gpt4"], Tokenizer.Tokenize("the 3rd GPT4"));
    }

    [Fact]
    public void Every_punctuation_mark_is_its_own_token_and_white_space_is_dropped()
    {
        Assert.Equal(["wait", ".", ".", ".", "what", "?", "!", "(", "yes", ")"], Tokenizer.Tokenize("  wait...\twhat?!\n(yes) "));
    }

    [Fact]
    public void Empty_and_blank_text_give_no_tokens()
    {
        Assert.Empty(Tokenizer.Tokenize(""));
        Assert.Empty(Tokenizer.Tokenize(" \n\t "));
    }

    [Fact]
    public void Accented_letters_are_part_of_words()
    {
        Assert.Equal(["café", "naïve"], Tokenizer.Tokenize("Café naïve"));
    }

    [Fact]
    public void Tokens_hold_no_white_space_and_concatenate_back_to_the_text_without_it()
    {
        var characters = Gen.Elements("ab Zé9'’.,!?-( )\t\n0".ToCharArray());
        var texts = characters.ArrayOf().Select(chars => new string(chars)).ToArbitrary();
        Prop.ForAll(texts, text =>
        {
            var tokens = Tokenizer.Tokenize(text, lowercase: false);
            string withoutSpace = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
            return tokens.All(t => t.Length > 0 && !t.Any(char.IsWhiteSpace)) && string.Concat(tokens) == withoutSpace;
        }).CheckWithFixedSeed();
    }

    [Fact]
    public void Null_text_throws_naming_text()
    {
        var error = Assert.Throws<ArgumentNullException>(() => Tokenizer.Tokenize(null!));
        Assert.Equal("text", error.ParamName);
    }
}
