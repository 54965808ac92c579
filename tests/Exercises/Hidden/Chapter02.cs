// Hidden checks of chapter 2 (instructor-only; never released).
[Exercise("Chapter02.CosineSimilarity", Total = 6, Forbidden = new[] { "Attention.Ops.CosineSimilarity" })]
public static class CosineSimilarityHidden
{
    [Check(Points = 1)]
    public static void Opposite_vectors_give_minus_one(Learner learner) => Expect.Close(-1f, learner.Call<float>(new float[] { 1, -2, 3 }, new float[] { -2, 4, -6 }), 1e-6f);

    [Check(Points = 1)]
    public static void Two_zero_vectors_give_zero(Learner learner) => Expect.Close(0f, learner.Call<float>(new float[3], new float[3]), 1e-6f);

    [Check(Points = 1)]
    public static void Length_mismatch_is_an_argument_exception(Learner learner) => learner.ExpectArgumentException("b", new float[] { 1, 2, 3 }, new float[] { 1, 2 });
}

[Exercise("Chapter02.EmbeddingLookup", Total = 6, Forbidden = new[] { "Attention.Embedding" })]
public static class EmbeddingLookupHidden
{
    [Check(Points = 1)]
    public static void Negative_id_is_an_argument_exception(Learner learner) => learner.ExpectArgumentException("ids", Data.Rows([1, 10]), new[] { -1 });

    [Check(Points = 2)]
    public static void Random_table_matches_the_library(Learner learner)
    {
        var table = Data.Random(10, 4, seed: 31);
        int[] ids = [9, 0, 3, 3, 7];
        var embedding = new float[ids.Length, 4];
        for (int t = 0; t < ids.Length; t++) for (int d = 0; d < 4; d++) embedding[t, d] = table[ids[t], d];
        Expect.Close(embedding, learner.Call<float[,]>(table, ids), 0f);
    }
}

[Exercise("Chapter02.CosineSimilarityMatrix", Total = 6, Forbidden = new[] { "Attention.Ops.CosineSimilarity" })]
public static class CosineSimilarityMatrixHidden
{
    [Check(Points = 2)]
    public static void Random_rows_match_the_library(Learner learner)
    {
        var x = Data.Random(6, 5, seed: 41);
        Expect.Close(Data.ToArray(Ops.CosineSimilarity(Data.ToMatrix(x))), learner.Call<float[,]>(x), 1e-5f);
    }

    [Check(Points = 2)]
    public static void A_zero_row_gives_zeros(Learner learner) =>
        Expect.Close(Data.Rows([0, 0], [0, 1]), learner.Call<float[,]>(Data.Rows([0, 0, 0], [1, 2, 3])), 1e-6f);
}
