// Public checks of chapter 8. Run them on your own code: curriculum test 8
[Exercise("Chapter08.CausalKeyPadding", Total = 6, Forbidden = new[] { "Attention.Mask" })]
public static class CausalKeyPaddingPublic
{
    [Check(Points = 2)]
    public static void Left_padding_and_causal_leave_the_pad_query_nothing(Learner learner) =>
        Expect.Equal(new bool[,] { { false, false, false }, { false, true, false }, { false, true, true } },
            learner.Call<bool[,]>(new bool[,] { { true, false, false } }, 0), "mask");

    [Check(Points = 1)]
    public static void A_sequence_outside_the_batch_is_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("sequence", new bool[,] { { false, false } }, 1);
}

[Exercise("Chapter08.CausalBottomRight", Total = 5, Forbidden = new[] { "Attention.Mask" })]
public static class CausalBottomRightPublic
{
    [Check(Points = 2)]
    public static void Two_new_queries_against_four_keys(Learner learner) =>
        Expect.Equal(new bool[,] { { true, true, true, false }, { true, true, true, true } }, learner.Call<bool[,]>(2, 4), "mask");

    [Check(Points = 1)]
    public static void More_queries_than_keys_is_an_argument_exception(Learner learner) => learner.ExpectArgumentException("queries", 5, 4);
}

[Exercise("Chapter08.CausalAverage", Total = 5, Forbidden = new[] { "Attention.Ops.Softmax", "Attention.Ops.MatMul", "Attention.Naive", "Attention.Ops.ScaledDotProductAttention" })]
public static class CausalAveragePublic
{
    [Check(Points = 2)]
    public static void Running_means_of_three_rows(Learner learner) =>
        Expect.Close(Data.Rows([2, 0], [3, 1], [4, 2]), learner.Call<float[,]>(Data.Rows([2, 0], [4, 2], [6, 4])), 1e-6f, "output");
}
