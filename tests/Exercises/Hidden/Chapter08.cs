// Hidden checks of chapter 8 (instructor-only; never released).
[Exercise("Chapter08.CausalKeyPadding", Total = 6, Forbidden = new[] { "Attention.Mask" })]
public static class CausalKeyPaddingHidden
{
    [Check(Points = 2)]
    public static void Each_sequence_of_a_batch_matches_the_library(Learner learner)
    {
        var keyPaddingMask = new bool[,] { { false, false, false, false, true, true }, { true, true, false, false, false, false }, { false, true, false, true, false, false } };
        for (int b = 0; b < 3; b++)
        {
            bool[] keep = [.. Enumerable.Range(0, 6).Select(s => !keyPaddingMask[b, s])];
            Expect.Equal(Mask.Causal(6).And(Mask.KeyPadding(6, keep)).ToArray(), learner.Call<bool[,]>(keyPaddingMask, b), $"sequence {b}");
        }
    }

    [Check(Points = 1)]
    public static void One_key_that_is_real(Learner learner) => Expect.Equal(new bool[,] { { true } }, learner.Call<bool[,]>(new bool[,] { { false } }, 0));
}

[Exercise("Chapter08.CausalBottomRight", Total = 5, Forbidden = new[] { "Attention.Mask" })]
public static class CausalBottomRightHidden
{
    [Check(Points = 1)]
    public static void Square_case_is_the_plain_causal_mask(Learner learner) => Expect.Equal(Mask.Causal(5).ToArray(), learner.Call<bool[,]>(5, 5));

    [Check(Points = 1)]
    public static void One_query_sees_every_key(Learner learner) => Expect.Equal(Mask.Causal(1, 6).ToArray(), learner.Call<bool[,]>(1, 6));
}

[Exercise("Chapter08.CausalAverage", Total = 5, Forbidden = new[] { "Attention.Ops.Softmax", "Attention.Ops.MatMul", "Attention.Naive", "Attention.Ops.ScaledDotProductAttention" })]
public static class CausalAverageHidden
{
    [Check(Points = 2)]
    public static void Random_rows_match_softmax_of_equal_scores_under_the_causal_mask(Learner learner)
    {
        var x = Data.Random(7, 3, seed: 801);
        var weights = Ops.Softmax(Matrix.Zeros(7, 7), Mask.Causal(7));
        Expect.Close(Data.ToArray(Ops.MatMul(weights, Data.ToMatrix(x))), learner.Call<float[,]>(x), 1e-5f);
    }

    [Check(Points = 1)]
    public static void No_columns_is_an_argument_exception(Learner learner) => learner.ExpectArgumentException("x", new float[2, 0]);
}
