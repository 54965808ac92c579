using FsCheck;
using FsCheck.Fluent;

namespace Attention.Tests;

public class VocabularyTests
{
    [Fact]
    public void Specials_take_ids_0_and_1_and_tokens_follow_in_order_of_first_appearance()
    {
        var vocabulary = Vocabulary.FromText("The cat sat on the mat.");
        Assert.Equal(["<unk>", "<pad>", "the", "cat", "sat", "on", "mat", "."], vocabulary.Tokens);
        Assert.Equal(8, vocabulary.Count);
        Assert.Equal(0, vocabulary[Vocabulary.Unknown]);
        Assert.Equal(1, vocabulary[Vocabulary.Padding]);
        Assert.Equal(2, vocabulary["the"]);
        Assert.Equal(6, vocabulary["mat"]);
        Assert.Equal("cat", vocabulary[3]);
    }

    [Fact]
    public void Encode_text_gives_hand_worked_ids_and_unknown_words_map_to_0()
    {
        var vocabulary = Vocabulary.FromText("The cat sat on the mat.");
        Assert.Equal([2, 3, 4, 5, 2, 6, 7], vocabulary.Encode("The cat sat on the mat."));
        Assert.Equal([2, 0, 4, 7], vocabulary.Encode("the dog sat."));
        Assert.Equal(0, vocabulary["dog"]);
    }

    [Fact]
    public void Decode_inverts_encode_for_known_tokens()
    {
        var vocabulary = Vocabulary.FromText("to be or not to be");
        var tokens = Tokenizer.Tokenize("not to be or to be");
        Assert.Equal(tokens, vocabulary.Decode(vocabulary.Encode(tokens)));
        Assert.Equal(["<unk>", "<pad>", "to"], vocabulary.Decode([0, 1, 2]));
    }

    [Fact]
    public void MinCount_drops_rare_tokens_to_unknown()
    {
        var vocabulary = Vocabulary.Build(["a", "b", "a", "c", "b", "a"], minCount: 2);
        Assert.Equal(["<unk>", "<pad>", "a", "b"], vocabulary.Tokens);
        Assert.Equal([2, 3, 0], vocabulary.Encode(["a", "b", "c"]));
    }

    [Fact]
    public void Build_is_case_sensitive_and_does_not_duplicate_special_tokens()
    {
        var vocabulary = Vocabulary.Build(["The", "the", "<pad>", "<unk>", "x"]);
        Assert.Equal(["<unk>", "<pad>", "The", "the", "x"], vocabulary.Tokens);
    }

    [Fact]
    public void FromText_with_lowercase_false_keeps_case_when_encoding_text()
    {
        var vocabulary = Vocabulary.FromText("The the", lowercase: false);
        Assert.Equal(["<unk>", "<pad>", "The", "the"], vocabulary.Tokens);
        Assert.Equal([2, 3], vocabulary.Encode("The the"));
    }

    [Fact]
    public void Decode_of_encode_returns_any_sequence_of_known_tokens()
    {
        var vocabulary = Vocabulary.FromText("the quick brown fox jumps over the lazy dog .");
        var sequences = Gen.Elements(vocabulary.Tokens.ToArray()).ArrayOf().ToArbitrary();
        Prop.ForAll(sequences, tokens => vocabulary.Decode(vocabulary.Encode(tokens)).SequenceEqual(tokens)).CheckWithFixedSeed();
    }

    [Fact]
    public void Bad_input_throws_naming_the_parameter()
    {
        var vocabulary = Vocabulary.FromText("a b c");
        Assert.Equal("tokens", Assert.Throws<ArgumentNullException>(() => Vocabulary.Build(null!)).ParamName);
        Assert.Equal("minCount", Assert.Throws<ArgumentOutOfRangeException>(() => Vocabulary.Build(["a"], minCount: 0)).ParamName);
        Assert.Equal("tokens", Assert.Throws<ArgumentException>(() => Vocabulary.Build(["a", null!])).ParamName);
        Assert.Equal("text", Assert.Throws<ArgumentNullException>(() => Vocabulary.FromText(null!)).ParamName);
        Assert.Equal("token", Assert.Throws<ArgumentNullException>(() => vocabulary[(string)null!]).ParamName);
        var id = Assert.Throws<ArgumentOutOfRangeException>(() => vocabulary[5]);
        Assert.Equal("id", id.ParamName);
        Assert.Contains("5 tokens", id.Message);
        Assert.Equal("id", Assert.Throws<ArgumentOutOfRangeException>(() => vocabulary[-1]).ParamName);
        Assert.Equal("tokens", Assert.Throws<ArgumentNullException>(() => vocabulary.Encode((IEnumerable<string>)null!)).ParamName);
        Assert.Equal("tokens", Assert.Throws<ArgumentException>(() => vocabulary.Encode(new[] { "a", null! })).ParamName);
        Assert.Equal("text", Assert.Throws<ArgumentNullException>(() => vocabulary.Encode((string)null!)).ParamName);
        Assert.Equal("ids", Assert.Throws<ArgumentNullException>(() => vocabulary.Decode(null!)).ParamName);
        var ids = Assert.Throws<ArgumentOutOfRangeException>(() => vocabulary.Decode([2, 9]));
        Assert.Equal("ids", ids.ParamName);
        Assert.Contains("ids[1] is 9", ids.Message);
    }
}
