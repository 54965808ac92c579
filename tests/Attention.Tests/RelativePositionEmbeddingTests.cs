using Attention;

namespace Attention.Tests;

/// <summary>Shaw-style relative positions (key side) against a naive per-pair computation.</summary>
public class RelativePositionEmbeddingTests
{
    [Theory]
    [InlineData(5, 5, 2)]
    [InlineData(3, 9, 4)]
    [InlineData(1, 1, 0)]
    [InlineData(7, 7, 10)]
    public void Scores_are_the_query_dotted_with_the_clipped_relative_vector(int queries, int keys, int maxDistance)
    {
        var embedding = new RelativePositionEmbedding(maxDistance, dK: 6, seed: 3);
        var q = Matrix.RandomNormal(queries, 6, seed: 4);
        var scores = embedding.Scores(q, keys);
        Assert.Equal((queries, keys), scores.Shape);
        for (int t = 0; t < queries; t++)
            for (int s = 0; s < keys; s++)
            {
                int r = Math.Clamp(s - (t + keys - queries), -maxDistance, maxDistance);
                double expected = 0;
                for (int j = 0; j < 6; j++) expected += q[t, j] * embedding.Table[maxDistance + r, j];
                Assert.True(Math.Abs(expected - scores[t, s]) <= 1e-5 * (1 + Math.Abs(expected)), $"({t}, {s}): {scores[t, s]} vs {expected}");
            }
    }

    [Fact]
    public void Pairs_at_the_same_clipped_distance_share_one_vector()
    {
        var embedding = new RelativePositionEmbedding(maxDistance: 2, dK: 4, seed: 1);
        var q = Matrix.FromRows([.. Enumerable.Repeat(new[] { 1f, 2f, 3f, 4f }, 6)]);   // the same query everywhere
        var scores = embedding.Scores(q, 6);
        Assert.Equal(scores[1, 0], scores[4, 3]);   // distance −1
        Assert.Equal(scores[5, 0], scores[4, 0]);   // −5 and −4 both clip to −2
        Assert.NotEqual(scores[2, 1], scores[2, 3]);
    }

    [Fact]
    public void Bad_arguments_throw_naming_the_parameter()
    {
        var embedding = new RelativePositionEmbedding(2, 4, seed: 1);
        Assert.Equal("queries", Assert.Throws<ArgumentException>(() => embedding.Scores(Matrix.Zeros(3, 5), 4)).ParamName);
        Assert.Equal("keys", Assert.Throws<ArgumentException>(() => embedding.Scores(Matrix.Zeros(5, 4), 4)).ParamName);
        Assert.Equal("table", Assert.Throws<ArgumentException>(() => new RelativePositionEmbedding(Matrix.Zeros(4, 4))).ParamName);
        Assert.Equal("maxDistance", Assert.Throws<ArgumentOutOfRangeException>(() => new RelativePositionEmbedding(int.MaxValue, 1, seed: 1)).ParamName);
    }
}
