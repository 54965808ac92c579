// Public checks of chapter 6. Run them on your own code: curriculum test 6
[Exercise("Chapter06.CausalMask", Total = 4, Forbidden = new[] { "Attention.Mask.Causal" })]
public static class CausalMaskPublic
{
    [Check(Points = 2)]
    public static void Three_tokens(Learner learner) =>
        Expect.Equal(new bool[,] { { true, false, false }, { true, true, false }, { true, true, true } }, learner.Call<bool[,]>(3), "mask");
}

[Exercise("Chapter06.WeightedSum", Total = 6, Forbidden = new[] { "Attention.Ops.MatMul", "Attention.Naive.MatMul" })]
public static class WeightedSumOfValuesPublic
{
    [Check(Points = 2)]
    public static void Weights_times_values(Learner learner) =>
        Expect.Close(Data.Rows([1, 10, 100], [3, 30, 300]), learner.Call<float[,]>(Data.Rows([1, 0], [0.5f, 0.5f]), Data.Rows([1, 10, 100], [5, 50, 500])), 1e-5f, "output");
}

[Exercise("Chapter06.ScaledDotProductAttention", Total = 8, Forbidden = new[] { "Attention.Ops.ScaledDotProductAttention", "Attention.Naive.ScaledDotProductAttention", "Attention.MultiHeadAttention" })]
public static class ScaledDotProductAttentionPublic
{
    [Check(Points = 2)]
    public static void Equal_scores_average_the_values(Learner learner) =>
        Expect.Close(Data.Rows([2, 20]), learner.Call<float[,]>(Data.Rows([0, 0]), Data.Rows([1, 0], [0, 1]), Data.Rows([1, 10], [3, 30])), 1e-5f, "output");

    [Check(Points = 2)]
    public static void Scales_by_the_square_root_of_dK(Learner learner)
    {
        // scores [4, 0] / √4 = [2, 0]; weights [0.8808, 0.1192]; Dv = 1 ≠ Dk = 4, so √Dv would give other weights.
        var output = learner.Call<float[,]>(Data.Rows([1, 1, 1, 1]), Data.Rows([1, 1, 1, 1], [0, 0, 0, 0]), Data.Rows([1], [0]));
        Expect.Close(Data.Rows([0.88079708f]), output, 1e-5f, "output");
    }
}

[Exercise("Chapter06.MaskedAttention", Total = 8, Forbidden = new[] { "Attention.Ops.ScaledDotProductAttention", "Attention.Naive.ScaledDotProductAttention", "Attention.Ops.Softmax", "Attention.MultiHeadAttention" })]
public static class MaskedAttentionPublic
{
    [Check(Points = 2)]
    public static void A_blocked_key_is_ignored(Learner learner) =>
        Expect.Close(Data.Rows([1, 10]), learner.Call<float[,]>(Data.Rows([0, 0]), Data.Rows([1, 0], [0, 1]), Data.Rows([1, 10], [3, 30]), new bool[,] { { true, false } }), 1e-5f, "output");

    [Check(Points = 1)]
    public static void Mask_of_another_shape_is_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("mask", Data.Rows([0, 0]), Data.Rows([1, 0], [0, 1]), Data.Rows([1, 10], [3, 30]), new bool[2, 2]);
}
