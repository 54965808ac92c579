// Public checks of chapter 2. Run them on your own code: curriculum test 2
[Exercise("Chapter02.CosineSimilarity", Total = 6, Forbidden = new[] { "Attention.Ops.CosineSimilarity" })]
public static class CosineSimilarityPublic
{
    [Check(Points = 1)]
    public static void Parallel_vectors_give_one(Learner learner) =>
        Expect.Close(1f, learner.Call<float>(new float[] { 1, 2 }, new float[] { 2, 4 }), 1e-6f, "cos([1,2], [2,4])");

    [Check(Points = 1)]
    public static void Orthogonal_vectors_give_zero(Learner learner) =>
        Expect.Close(0f, learner.Call<float>(new float[] { 1, 0 }, new float[] { 0, 3 }), 1e-6f, "cos([1,0], [0,3])");

    [Check(Points = 1)]
    public static void A_zero_vector_gives_zero_not_NaN(Learner learner) =>
        Expect.Close(0f, learner.Call<float>(new float[] { 0, 0 }, new float[] { 1, 1 }), 1e-6f, "cos([0,0], [1,1])");
}

[Exercise("Chapter02.EmbeddingLookup", Total = 6, Forbidden = new[] { "Attention.Embedding" })]
public static class EmbeddingLookupPublic
{
    [Check(Points = 2)]
    public static void Rows_are_picked_by_id(Learner learner) =>
        Expect.Close(Data.Rows([3, 30], [1, 10], [3, 30]), learner.Call<float[,]>(Data.Rows([1, 10], [2, 20], [3, 30]), new[] { 2, 0, 2 }), 0f, "x");

    [Check(Points = 1)]
    public static void An_id_outside_the_table_is_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("ids", Data.Rows([1, 10], [2, 20]), new[] { 0, 2 });
}

[Exercise("Chapter02.CosineSimilarityMatrix", Total = 6, Forbidden = new[] { "Attention.Ops.CosineSimilarity" })]
public static class CosineSimilarityMatrixPublic
{
    [Check(Points = 2)]
    public static void Small_example(Learner learner) =>
        Expect.Close(Data.Rows([1, 0, 1], [0, 1, 0], [1, 0, 1]), learner.Call<float[,]>(Data.Rows([1, 0], [0, 2], [3, 0])), 1e-6f, "similarity");
}
