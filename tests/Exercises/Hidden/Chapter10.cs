// Hidden checks of chapter 10 (instructor-only; never released).
[Exercise("Chapter10.LayerNorm", Total = 5, Forbidden = new[] { "Attention.LayerNorm" })]
public static class LayerNormHidden
{
    [Check(Points = 1)]
    public static void Random_offset_rows_match_the_library(Learner learner)
    {
        var x = Data.ToArray(Data.ToMatrix(Data.Random(5, 16, seed: 1001, scale: 3f)) + Matrix.RandomUniform(5, 16, seed: 1002, low: 4f, high: 6f));
        Expect.Close(Data.ToArray(new LayerNorm(16).Forward(Data.ToMatrix(x))), learner.Call<float[,]>(x, 1e-5f), 1e-4f);
    }

    [Check(Points = 1)]
    public static void A_constant_row_becomes_zeros(Learner learner) =>
        Expect.Close(Data.Rows([0, 0, 0]), learner.Call<float[,]>(Data.Rows([7, 7, 7]), 1e-5f), 1e-6f);
}

[Exercise("Chapter10.FeedForward", Total = 6, Forbidden = new[] { "Attention.FeedForward", "Attention.Activations", "Attention.Linear", "Attention.Ops.MatMul", "Attention.Naive.MatMul" })]
public static class FeedForwardHidden
{
    [Check(Points = 3)]
    public static void Random_weights_match_the_library(Learner learner)
    {
        var (x, w1, w2) = (Data.Random(5, 8, seed: 1011), Data.Random(8, 32, seed: 1012), Data.Random(32, 8, seed: 1013));
        var (b1, b2) = (Data.RandomVector(32, seed: 1014), Data.RandomVector(8, seed: 1015));
        var ffn = new FeedForward(new Linear(Data.ToMatrix(w1), b1), new Linear(Data.ToMatrix(w2), b2));
        Expect.Close(Data.ToArray(ffn.Forward(Data.ToMatrix(x))), learner.Call<float[,]>(x, w1, b1, w2, b2), 1e-4f);
    }
}

[Exercise("Chapter10.Patches", Total = 5)]
public static class PatchesHidden
{
    [Check(Points = 2)]
    public static void A_non_square_image(Learner learner)
    {
        var image = Data.Random(6, 9, seed: 1021);
        var patches = learner.Call<float[,]>(image, 3);
        Expect.True(patches is not null && patches.GetLength(0) == 6 && patches.GetLength(1) == 9, "expected 6 patches of 9 pixels");
        Expect.Close(new[] { image[3, 6], image[3, 7], image[3, 8], image[4, 6], image[4, 7], image[4, 8], image[5, 6], image[5, 7], image[5, 8] },
            Data.Row(patches!, 5), 0f, "patch 5 (bottom right)");
    }
}
