// Hidden checks of chapter 11 (instructor-only; never released).
[Exercise("Chapter11.SlidingWindowMask", Total = 6, Forbidden = new[] { "Attention.Longformer", "Attention.BigBird", "Attention.Mask" })]
public static class SlidingWindowMaskHidden
{
    [Check(Points = 1)]
    public static void A_window_wider_than_the_sequence_allows_everything(Learner learner) =>
        Expect.Equal(new bool[,] { { true, true, true }, { true, true, true }, { true, true, true } }, learner.Call<bool[,]>(3, 5), "mask");

    [Check(Points = 1)]
    public static void Matches_the_library_for_forty_tokens(Learner learner) =>
        Expect.Equal(Longformer.Pattern(40, halfWindow: 6).ToArray(), learner.Call<bool[,]>(40, 6), "mask");

    [Check(Points = 1)]
    public static void Zero_or_negative_length_is_an_argument_exception(Learner learner)
    {
        // seqLen = 0 would otherwise return an empty (0, 0) mask without a word; −3 would fail inside new bool[−3, −3]
        learner.ExpectArgumentException("seqLen", 0, 2);
        learner.ExpectArgumentException("seqLen", -3, 2);
    }
}

[Exercise("Chapter11.OnlineSoftmaxTwoBlocks", Total = 8, Forbidden = new[] { "Attention.Ops.Softmax", "Attention.Naive.Softmax", "Attention.Ops.ScaledDotProductAttention", "Attention.Naive.ScaledDotProductAttention", "Attention.MemoryEfficientAttention" })]
public static class OnlineSoftmaxTwoBlocksHidden
{
    private static float[] Reference(float[] scores, float[,] values) =>
        Ops.MatMul(Ops.Softmax(Matrix.FromRows(scores)), Data.ToMatrix(values)).Row(0).ToArray();   // (1,S) x (S,Dv)

    [Check(Points = 2)]
    public static void Large_scores_in_both_blocks_do_not_overflow(Learner learner)
    {
        float[] scores = [-1000, -999, 1000, 1001, 999.5f];
        var values = Data.Random(5, 3, seed: 1101);
        Expect.Close(Reference(scores, values), learner.Call<float[]>(scores, values, 2), 1e-4f, "output");
    }

    [Check(Points = 1)]
    public static void A_fully_masked_first_block_is_skipped_without_NaN(Learner learner)
    {
        float[] scores = [float.NegativeInfinity, float.NegativeInfinity, 1, 2];
        var values = Data.Random(4, 2, seed: 1102);
        Expect.Close(Reference(scores, values), learner.Call<float[]>(scores, values, 2), 1e-5f, "output");
    }

    [Check(Points = 1)]
    public static void Every_key_masked_gives_a_zero_output(Learner learner) =>
        Expect.Close(new float[] { 0, 0 }, learner.Call<float[]>(new[] { float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity }, Data.Random(3, 2, seed: 1103), 1), 0f, "output");
}

[Exercise("Chapter11.LinformerAttention", Total = 6, Forbidden = new[] { "Attention.Linformer", "Attention.Ops.ScaledDotProductAttention", "Attention.Naive.ScaledDotProductAttention", "Attention.MemoryEfficientAttention" })]
public static class LinformerAttentionHidden
{
    [Check(Points = 2)]
    public static void Pooling_projection_with_T_differing_from_S_matches_the_library(Learner learner)
    {
        var queries = Data.Random(3, 8, seed: 1111);
        var keys = Data.Random(6, 8, seed: 1112);
        var values = Data.Random(6, 2, seed: 1113);
        var pooling = Linformer.PoolingProjection(3, 6);                                         // (k, S)
        var expected = Linformer.Attention(Data.ToMatrix(queries), Data.ToMatrix(keys), Data.ToMatrix(values), pooling, pooling);
        Expect.Close(Data.ToArray(expected), learner.Call<float[,]>(queries, keys, values, Data.ToArray(pooling)), 1e-5f, "output");
    }

    [Check(Points = 1)]
    public static void Random_projection_matches_the_library(Learner learner)
    {
        var queries = Data.Random(5, 4, seed: 1114);
        var keys = Data.Random(7, 4, seed: 1115);
        var values = Data.Random(7, 3, seed: 1116);
        var projection = Linformer.RandomProjection(4, 7, seed: 1117);                           // (k, S)
        var expected = Linformer.Attention(Data.ToMatrix(queries), Data.ToMatrix(keys), Data.ToMatrix(values), projection, projection);
        Expect.Close(Data.ToArray(expected), learner.Call<float[,]>(queries, keys, values, Data.ToArray(projection)), 1e-4f, "output");
    }
}
