// Hidden checks of chapter 7 (instructor-only; never released).
[Exercise("Chapter07.Head", Total = 5, Forbidden = new[] { "Attention.MultiHeadAttention" })]
public static class HeadHidden
{
    [Check(Points = 2)]
    public static void Every_head_matches_the_library_split(Learner learner)
    {
        var x = Data.Random(5, 12, seed: 701);
        var heads = MultiHeadAttention.SplitHeads(Data.ToMatrix(x), 3);
        for (int h = 0; h < 3; h++)
            Expect.Close(Data.ToArray(heads[h]), learner.Call<float[,]>(x, 3, h), 0f, $"head {h}");
    }
}

[Exercise("Chapter07.KvHead", Total = 4)]
public static class KvHeadHidden
{
    [Check(Points = 1)]
    public static void Multi_query_and_multi_head_are_the_two_ends(Learner learner) =>
        Expect.True(learner.Call<int>(6, 8, 1) == 0 && learner.Call<int>(6, 8, 8) == 6, "G = 1: every head reads head 0; G = H: head h reads head h");

    [Check(Points = 1)]
    public static void Indivisible_groups_are_an_argument_exception(Learner learner) => learner.ExpectArgumentException("kvHeads", 1, 8, 3);
}

[Exercise("Chapter07.MultiHeadSelfAttention", Total = 10, Forbidden = new[] { "Attention.MultiHeadAttention", "Attention.Ops.ScaledDotProductAttention", "Attention.Naive.ScaledDotProductAttention", "Attention.Ops.Softmax" })]
public static class MultiHeadSelfAttentionHidden
{
    private static float[,] Reference(float[,] x, float[,] wQ, float[,] wK, float[,] wV, float[,] wO, int numHeads) =>
        Data.ToArray(MultiHeadAttention.FromWeights(new Linear(Data.ToMatrix(wQ), null), new Linear(Data.ToMatrix(wK), null),
            new Linear(Data.ToMatrix(wV), null), new Linear(Data.ToMatrix(wO), null), numHeads).Forward(Data.ToMatrix(x)).Output);

    [Check(Points = 4)]
    public static void Random_weights_match_the_library_with_four_heads(Learner learner)
    {
        var x = Data.Random(6, 8, seed: 711);
        var (wQ, wK, wV, wO) = (Data.Random(8, 8, seed: 712), Data.Random(8, 8, seed: 713), Data.Random(8, 8, seed: 714), Data.Random(8, 8, seed: 715));
        Expect.Close(Reference(x, wQ, wK, wV, wO, 4), learner.Call<float[,]>(x, wQ, wK, wV, wO, 4), 1e-4f);
    }

    [Check(Points = 2)]
    public static void Large_scores_and_one_head_match_the_library(Learner learner)
    {
        var x = Data.Random(4, 6, seed: 721, scale: 10f);
        var (wQ, wK, wV, wO) = (Data.Random(6, 6, seed: 722), Data.Random(6, 6, seed: 723), Data.Random(6, 6, seed: 724), Data.Random(6, 6, seed: 725));
        Expect.Close(Reference(x, wQ, wK, wV, wO, 1), learner.Call<float[,]>(x, wQ, wK, wV, wO, 1), 1e-3f);
    }
}
