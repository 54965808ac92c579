// Public checks of chapter 7. Run them on your own code: curriculum test 7
[Exercise("Chapter07.Head", Total = 5, Forbidden = new[] { "Attention.MultiHeadAttention" })]
public static class HeadPublic
{
    [Check(Points = 2)]
    public static void Head_1_of_2_is_the_right_half_of_every_row(Learner learner) =>
        Expect.Close(Data.Rows([2, 3], [12, 13]), learner.Call<float[,]>(Data.Rows([0, 1, 2, 3], [10, 11, 12, 13]), 2, 1), 0f, "head 1");

    [Check(Points = 1)]
    public static void Indivisible_width_is_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("numHeads", Data.Rows([0, 1, 2]), 2, 0);
}

[Exercise("Chapter07.KvHead", Total = 4)]
public static class KvHeadPublic
{
    [Check(Points = 2)]
    public static void Eight_query_heads_over_two_kv_heads(Learner learner) =>
        Expect.True(learner.Call<int>(5, 8, 2) == 1 && learner.Call<int>(3, 8, 2) == 0, "query heads 0–3 read key/value head 0, heads 4–7 head 1");
}

[Exercise("Chapter07.MultiHeadSelfAttention", Total = 10, Forbidden = new[] { "Attention.MultiHeadAttention", "Attention.Ops.ScaledDotProductAttention", "Attention.Naive.ScaledDotProductAttention", "Attention.Ops.Softmax" })]
public static class MultiHeadSelfAttentionPublic
{
    [Check(Points = 3)]
    public static void Zero_queries_give_equal_scores_and_average_the_tokens(Learner learner)
    {
        // W_Q = 0: every score is 0 in both heads, each query weighs both tokens 1/2; W_V = W_O = I: output = mean of x.
        var x = Data.Rows([1, 0, 0, 0], [0, 0, 1, 0]);
        var identity = Data.Rows([1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]);
        Expect.Close(Data.Rows([0.5f, 0, 0.5f, 0], [0.5f, 0, 0.5f, 0]), learner.Call<float[,]>(x, new float[4, 4], identity, identity, identity, 2), 1e-5f, "output");
    }

    [Check(Points = 1)]
    public static void A_weight_of_the_wrong_shape_is_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("wK", Data.Rows([1, 0]), Data.Rows([1, 0], [0, 1]), Data.Rows([1, 0, 0], [0, 1, 0]), Data.Rows([1, 0], [0, 1]), Data.Rows([1, 0], [0, 1]), 1);
}
