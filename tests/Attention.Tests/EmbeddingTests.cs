namespace Attention.Tests;

public class EmbeddingTests
{
    private static Embedding HandTable() => new(Matrix.FromRows(
        [1f, 0f],
        [0f, 1f],
        [1f, 1f],
        [-1f, 0f],
        [2f, 0.1f]));

    [Fact]
    public void Lookup_copies_the_rows_of_the_ids_in_order()
    {
        var embedding = HandTable();
        var output = embedding.Lookup([2, 0, 2, 4]);
        Assert.Equal((4, 2), output.Shape);
        Assert.Equal(new float[] { 1, 1, 1, 0, 1, 1, 2, 0.1f }, output.Data);
        output[0, 0] = 42f;
        Assert.Equal(1f, embedding.Table[2, 0]);
    }

    [Fact]
    public void Seeded_table_is_reproducible_has_the_shape_and_is_roughly_standard_normal()
    {
        var a = new Embedding(vocabSize: 200, dModel: 50, seed: 7);
        var b = new Embedding(vocabSize: 200, dModel: 50, seed: 7);
        var c = new Embedding(vocabSize: 200, dModel: 50, seed: 8);
        Assert.Equal(200, a.VocabSize);
        Assert.Equal(50, a.DModel);
        Assert.Equal(a.Table.Data, b.Table.Data);
        Assert.NotEqual(a.Table.Data, c.Table.Data);
        double mean = a.Table.Data.Average(v => (double)v);
        double variance = a.Table.Data.Average(v => (v - mean) * (v - mean));
        Assert.InRange(mean, -0.05, 0.05);      // 10,000 samples: standard error 0.01
        Assert.InRange(variance, 0.93, 1.07);   // standard error of the variance ≈ 0.014
    }

    [Fact]
    public void Nearest_ranks_by_cosine_similarity_worked_by_hand_and_excludes_the_id_itself()
    {
        // Row 0 = (1, 0): cos to (0,1) = 0, to (1,1) = 1/√2, to (−1,0) = −1, to (2,0.1) = 2/√4.01.
        var nearest = HandTable().Nearest(0, 4);
        Assert.Equal([4, 2, 1, 3], nearest.Select(n => n.Id));
        Assert.Equal(2 / Math.Sqrt(4.01), nearest[0].Similarity, 1e-6);
        Assert.Equal(1 / Math.Sqrt(2), nearest[1].Similarity, 1e-6);
        Assert.Equal(0, nearest[2].Similarity, 1e-6);
        Assert.Equal(-1, nearest[3].Similarity, 1e-6);
        Assert.Equal([4, 2], HandTable().Nearest(0, 2).Select(n => n.Id));
    }

    [Fact]
    public void Nearest_breaks_ties_by_smaller_id()
    {
        var embedding = new Embedding(Matrix.FromRows([1f, 0f], [0f, 1f], [0f, 2f], [0f, -1f]));
        Assert.Equal([1, 2, 3], embedding.Nearest(0, 3).Select(n => n.Id));
    }

    [Fact]
    public void Nearest_on_a_random_table_matches_a_brute_force_double_precision_ranking()
    {
        var embedding = new Embedding(vocabSize: 40, dModel: 8, seed: 3);
        var table = embedding.Table;
        double Cosine(int i, int j)
        {
            double dot = 0, ni = 0, nj = 0;
            for (int c = 0; c < 8; c++) { dot += table[i, c] * table[j, c]; ni += table[i, c] * table[i, c]; nj += table[j, c] * table[j, c]; }
            return dot / Math.Sqrt(ni * nj);
        }
        var expected = Enumerable.Range(0, 40).Where(j => j != 11).OrderByDescending(j => Cosine(11, j)).Take(5).ToArray();
        var actual = embedding.Nearest(11, 5);
        Assert.Equal(expected, actual.Select(n => n.Id));
        foreach (var (id, similarity) in actual) Assert.Equal(Cosine(11, id), similarity, 1e-5);
    }

    [Fact]
    public void Bad_input_throws_naming_the_parameter_and_shapes()
    {
        var embedding = HandTable();
        Assert.Equal("vocabSize", Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(0, 4, seed: 1)).ParamName);
        Assert.Equal("dModel", Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(4, -1, seed: 1)).ParamName);
        Assert.Equal("table", Assert.Throws<ArgumentNullException>(() => new Embedding(null!)).ParamName);
        Assert.Equal("ids", Assert.Throws<ArgumentNullException>(() => embedding.Lookup(null!)).ParamName);
        Assert.Equal("ids", Assert.Throws<ArgumentException>(() => embedding.Lookup([])).ParamName);
        var outOfRange = Assert.Throws<ArgumentOutOfRangeException>(() => embedding.Lookup([1, 5]));
        Assert.Equal("ids", outOfRange.ParamName);
        Assert.Contains("ids[1] is 5 but the table is (5, 2)", outOfRange.Message);
        Assert.Equal("ids", Assert.Throws<ArgumentOutOfRangeException>(() => embedding.Lookup([-1])).ParamName);
        Assert.Equal("id", Assert.Throws<ArgumentOutOfRangeException>(() => embedding.Nearest(5, 1)).ParamName);
        var k = Assert.Throws<ArgumentOutOfRangeException>(() => embedding.Nearest(0, 5));
        Assert.Equal("k", k.ParamName);
        Assert.Contains("[1, 4]", k.Message);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => embedding.Nearest(0, 0)).ParamName);
    }
}
