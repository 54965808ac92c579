using System.Text.Json;
using Attention;

namespace Attention.Tests;

/// <summary>T5's bucketed relative position bias: hand-worked buckets, the bias layout, and PyTorch's re-implementation.</summary>
public class RelativePositionBiasTests
{
    private const string File = "t5_relative_bias.json";

    // Worked by hand from T5's rule with 32 buckets, max distance 128: bidirectional halves to 16 buckets, 8 exact
    // (|r| < 8), then 8 + ⌊log(|r|/8) / log(16) · 8⌋ capped at 15; keys after the query add 16.
    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 1)]
    [InlineData(1, 17)]
    [InlineData(-7, 7)]
    [InlineData(-8, 8)]
    [InlineData(-12, 9)]
    [InlineData(-32, 12)]
    [InlineData(-64, 14)]
    [InlineData(-128, 15)]
    [InlineData(-100000, 15)]
    [InlineData(128, 31)]
    public void Bidirectional_buckets_match_hand_worked_values(int relative, int bucket) =>
        Assert.Equal(bucket, RelativePositionBias.Bucket(relative, bidirectional: true, numBuckets: 32, maxDistance: 128));

    [Theory]
    [InlineData(5, 0)]
    [InlineData(0, 0)]
    [InlineData(-15, 15)]
    [InlineData(-16, 16)]
    [InlineData(-32, 21)]
    [InlineData(-128, 31)]
    public void Unidirectional_buckets_put_every_future_key_in_bucket_0(int relative, int bucket) =>
        Assert.Equal(bucket, RelativePositionBias.Bucket(relative, bidirectional: false, numBuckets: 32, maxDistance: 128));

    [Fact]
    public void Bias_looks_up_each_heads_column_by_the_bucket_of_key_minus_query()
    {
        var table = Matrix.RandomNormal(8, 3, seed: 5);
        var bias = new RelativePositionBias(table, maxDistance: 16, bidirectional: true).Forward(4, 6);
        Assert.Equal((3, 4, 6), bias.Shape);
        for (int h = 0; h < 3; h++)
            for (int t = 0; t < 4; t++)
                for (int s = 0; s < 6; s++)
                    Assert.Equal(table[RelativePositionBias.Bucket(s - (t + 2), true, 8, 16), h], bias[h, t, s]);
    }

    [Fact]
    public void Bad_arguments_throw_naming_the_parameter()
    {
        Assert.Equal("numBuckets", Assert.Throws<ArgumentOutOfRangeException>(() => RelativePositionBias.Bucket(3, true, numBuckets: 3)).ParamName);
        Assert.Equal("maxDistance", Assert.Throws<ArgumentOutOfRangeException>(() => RelativePositionBias.Bucket(3, true, 32, maxDistance: 8)).ParamName);
        var layer = new RelativePositionBias(numHeads: 2, seed: 1);
        Assert.Equal("queries", Assert.Throws<ArgumentException>(() => layer.Forward(5, 4)).ParamName);
    }

    public static TheoryData<string> BucketCases => ReferenceFile.CaseNames(File, c => c.String("kind") == "buckets");

    public static TheoryData<string> BiasCases => ReferenceFile.CaseNames(File, c => c.String("kind") == "bias");

    [Theory]
    [MemberData(nameof(BucketCases))]
    public void Buckets_match_torch_for_every_relative_position_from_minus_300_to_300(string caseName)
    {
        var c = ReferenceFile.Load(File).Case(caseName);
        var json = CaseJson(caseName);
        int[] relative = [.. json.GetProperty("relative_positions").EnumerateArray().Select(e => e.GetInt32())];
        int[] expected = [.. json.GetProperty("buckets").EnumerateArray().Select(e => e.GetInt32())];
        Assert.Equal(601, relative.Length);
        int[] actual = [.. relative.Select(r => RelativePositionBias.Bucket(r, c.Bool("bidirectional"), c.Int("num_buckets"), c.Int("max_distance")))];
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(BiasCases))]
    public void Bias_matches_torch(string caseName)
    {
        var c = ReferenceFile.Load(File).Case(caseName);
        var layer = new RelativePositionBias(c.Matrix("table"), c.Int("max_distance"), c.Bool("bidirectional"));
        var bias = layer.Forward(c.Int("queries"), c.Int("keys"));
        // A lookup copies float32 table entries: exact up to the 9 significant digits of the file.
        ReferenceAssert.Close(c, "bias", c.Expected("bias"), bias, 1e-7, 1e-7);
    }

    private static JsonElement CaseJson(string name)
    {
        using var document = JsonDocument.Parse(System.IO.File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Reference", File)));
        return document.RootElement.GetProperty("cases").EnumerateArray().First(e => e.GetProperty("name").GetString() == name).Clone();
    }
}
