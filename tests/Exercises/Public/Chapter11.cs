// Public checks of chapter 11. Run them on your own code: curriculum test 11
[Exercise("Chapter11.SlidingWindowMask", Total = 6, Forbidden = new[] { "Attention.Longformer", "Attention.BigBird", "Attention.Mask" })]
public static class SlidingWindowMaskPublic
{
    [Check(Points = 2)]
    public static void Five_tokens_with_one_neighbour_each_side(Learner learner) =>
        Expect.Equal(new bool[,]
        {
            { true, true, false, false, false },
            { true, true, true, false, false },
            { false, true, true, true, false },
            { false, false, true, true, true },
            { false, false, false, true, true },
        }, learner.Call<bool[,]>(5, 1), "mask");

    [Check(Points = 1)]
    public static void Negative_half_window_is_an_argument_exception(Learner learner) => learner.ExpectArgumentException("halfWindow", 4, -1);
}

[Exercise("Chapter11.OnlineSoftmaxTwoBlocks", Total = 8, Forbidden = new[] { "Attention.Ops.Softmax", "Attention.Naive.Softmax", "Attention.Ops.ScaledDotProductAttention", "Attention.Naive.ScaledDotProductAttention", "Attention.MemoryEfficientAttention" })]
public static class OnlineSoftmaxTwoBlocksPublic
{
    [Check(Points = 3)]
    public static void The_chapter_example_where_block_two_raises_the_maximum(Learner learner) =>
        // scores [2, 1, 0.1 | 3, −1, 0.5]: block 1 has m = 2, block 2 raises it to 3 (rescale e^(−1)); softmax(z)·v = 32.48271
        Expect.Close(new[] { 32.48271f, 3.248271f },
            learner.Call<float[]>(new float[] { 2, 1, 0.1f, 3, -1, 0.5f }, Data.Rows([10, 1], [20, 2], [30, 3], [40, 4], [50, 5], [60, 6]), 3), 1e-4f, "output");

    [Check(Points = 1)]
    public static void Values_of_another_length_are_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("values", new float[] { 1, 2, 3 }, Data.Rows([1], [2]), 1);
}

[Exercise("Chapter11.LinformerAttention", Total = 6, Forbidden = new[] { "Attention.Linformer", "Attention.Ops.ScaledDotProductAttention", "Attention.Naive.ScaledDotProductAttention", "Attention.MemoryEfficientAttention" })]
public static class LinformerAttentionPublic
{
    [Check(Points = 2)]
    public static void Identity_projection_is_dense_attention(Learner learner) =>
        // queries = keys = E = I: scores [[0.7071, 0], [0, 0.7071]] (divided by √2), as in chapter 6's hand-worked example
        Expect.Close(Data.Rows([1.6604769f, 2.6604769f], [2.3395231f, 3.3395231f]),
            learner.Call<float[,]>(Data.Rows([1, 0], [0, 1]), Data.Rows([1, 0], [0, 1]), Data.Rows([1, 2], [3, 4]), Data.Rows([1, 0], [0, 1])), 1e-5f, "output");

    [Check(Points = 1)]
    public static void Projection_of_the_wrong_length_is_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("projection", Data.Rows([1, 0]), Data.Rows([1, 0], [0, 1], [1, 1]), Data.Rows([1], [2], [3]), Data.Rows([0.5f, 0.5f]));
}
