// Hidden checks of chapter 6 (instructor-only; never released).
[Exercise("Chapter06.CausalMask", Total = 4, Forbidden = new[] { "Attention.Mask.Causal" })]
public static class CausalMaskHidden
{
    [Check(Points = 1)]
    public static void One_token(Learner learner) => Expect.Equal(new bool[,] { { true } }, learner.Call<bool[,]>(1));

    [Check(Points = 1)]
    public static void Matches_the_library_for_seven_tokens(Learner learner) => Expect.Equal(Mask.Causal(7).ToArray(), learner.Call<bool[,]>(7));
}

[Exercise("Chapter06.WeightedSum", Total = 6, Forbidden = new[] { "Attention.Ops.MatMul", "Attention.Naive.MatMul" })]
public static class WeightedSumOfValuesHidden
{
    [Check(Points = 3)]
    public static void T_differs_from_S_and_Dv(Learner learner)
    {
        var weights = Data.Random(3, 5, seed: 151);
        var values = Data.Random(5, 2, seed: 152);
        Expect.Close(Data.ToArray(Ops.MatMul(Data.ToMatrix(weights), Data.ToMatrix(values))), learner.Call<float[,]>(weights, values), 1e-5f); // (T,S) x (S,Dv)
    }

    [Check(Points = 1)]
    public static void Values_of_another_length_are_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("values", Data.Rows([0.5f, 0.5f]), Data.Rows([1, 2, 3]));
}

[Exercise("Chapter06.ScaledDotProductAttention", Total = 8, Forbidden = new[] { "Attention.Ops.ScaledDotProductAttention", "Attention.Naive.ScaledDotProductAttention", "Attention.MultiHeadAttention" })]
public static class ScaledDotProductAttentionHidden
{
    [Check(Points = 3)]
    public static void T_differs_from_S_and_Dv_from_Dk(Learner learner)
    {
        var queries = Data.Random(3, 8, seed: 161);
        var keys = Data.Random(5, 8, seed: 162);
        var values = Data.Random(5, 2, seed: 163);
        var expected = Ops.ScaledDotProductAttention(Data.ToMatrix(queries), Data.ToMatrix(keys), Data.ToMatrix(values)).Output;
        Expect.Close(Data.ToArray(expected), learner.Call<float[,]>(queries, keys, values), 1e-5f);
    }

    [Check(Points = 1)]
    public static void Keys_of_another_width_are_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("keys", Data.Rows([1, 0]), Data.Rows([1, 0, 0]), Data.Rows([1]));
}

[Exercise("Chapter06.MaskedAttention", Total = 8, Forbidden = new[] { "Attention.Ops.ScaledDotProductAttention", "Attention.Naive.ScaledDotProductAttention", "Attention.Ops.Softmax", "Attention.MultiHeadAttention" })]
public static class MaskedAttentionHidden
{
    [Check(Points = 2)]
    public static void A_fully_masked_query_gets_a_zero_output(Learner learner)
    {
        var mask = new bool[,] { { true, true }, { false, false } };
        Expect.Close(Data.Rows([2, 20], [0, 0]), learner.Call<float[,]>(Data.Rows([0, 0], [1, 1]), Data.Rows([1, 0], [0, 1]), Data.Rows([1, 10], [3, 30]), mask), 1e-5f);
    }

    [Check(Points = 3)]
    public static void Random_causal_inputs_match_the_library(Learner learner)
    {
        var queries = Data.Random(4, 6, seed: 171, scale: 10f);
        var keys = Data.Random(6, 6, seed: 172, scale: 10f);
        var values = Data.Random(6, 3, seed: 173);
        var mask = Mask.Causal(4, 6);
        var expected = Ops.ScaledDotProductAttention(Data.ToMatrix(queries), Data.ToMatrix(keys), Data.ToMatrix(values), mask).Output;
        Expect.Close(Data.ToArray(expected), learner.Call<float[,]>(queries, keys, values, mask.ToArray()), 1e-4f);
    }
}
