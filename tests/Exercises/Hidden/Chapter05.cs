// Hidden checks of chapter 5 (instructor-only; never released).
[Exercise("Chapter05.Softmax", Total = 8, Forbidden = new[] { "Attention.Ops.Softmax", "Attention.Naive.Softmax", "Attention.Ops.LogSoftmax" })]
public static class SoftmaxHidden
{
    [Check(Points = 1)]
    public static void Length_one_gives_one(Learner learner) => Expect.Close(new[] { 1f }, learner.Call<float[]>(new float[] { 123 }), 1e-6f);

    [Check(Points = 2)]
    public static void Random_large_logits_match_the_library(Learner learner)
    {
        var scores = Data.Random(1, 9, seed: 111, scale: 300f);
        Expect.Close(Data.Row(Data.ToArray(Ops.Softmax(Data.ToMatrix(scores))), 0), learner.Call<float[]>(Data.Row(scores, 0)), 1e-5f);
    }

    [Check(Points = 1)]
    public static void Empty_input_is_an_argument_exception(Learner learner) => learner.ExpectArgumentException("scores", new float[0]);
}

[Exercise("Chapter05.SoftmaxWithTemperature", Total = 6, Forbidden = new[] { "Attention.Ops.Softmax", "Attention.Naive.Softmax" })]
public static class SoftmaxWithTemperatureHidden
{
    [Check(Points = 2)]
    public static void Random_temperatures_match_the_library(Learner learner)
    {
        var scores = Data.Random(1, 6, seed: 121, scale: 4f);
        foreach (var tau in new[] { 0.1f, 0.7f, 5f })
            Expect.Close(Data.Row(Data.ToArray(Ops.Softmax(Data.ToMatrix(scores), temperature: tau)), 0), learner.Call<float[]>(Data.Row(scores, 0), tau), 1e-5f, $"τ = {tau}");
    }

    [Check(Points = 1)]
    public static void Negative_temperature_is_an_argument_exception(Learner learner) => learner.ExpectArgumentException("temperature", new float[] { 1 }, -1f);
}

[Exercise("Chapter05.RowSoftmax", Total = 6, Forbidden = new[] { "Attention.Ops.Softmax", "Attention.Naive.Softmax" })]
public static class RowSoftmaxHidden
{
    [Check(Points = 3)]
    public static void Random_rectangular_scores_match_the_library(Learner learner)
    {
        var scores = Data.Random(3, 7, seed: 131, scale: 50f);
        Expect.Close(Data.ToArray(Ops.Softmax(Data.ToMatrix(scores))), learner.Call<float[,]>(scores), 1e-5f);
    }

    [Check(Points = 1)]
    public static void A_single_column_gives_ones(Learner learner) => Expect.Close(Data.Rows([1], [1]), learner.Call<float[,]>(Data.Rows([5], [-5])), 1e-6f);
}

[Exercise("Chapter05.MaskedSoftmax", Total = 8, Forbidden = new[] { "Attention.Ops.Softmax", "Attention.Naive.Softmax", "Attention.Ops.ScaledDotProductAttention" })]
public static class MaskedSoftmaxHidden
{
    [Check(Points = 2)]
    public static void A_fully_masked_row_gets_zero_weights(Learner learner)
    {
        var mask = new bool[,] { { true, true }, { false, false } };
        Expect.Close(Data.Rows([0.5f, 0.5f], [0f, 0f]), learner.Call<float[,]>(Data.Rows([3, 3], [1, 2]), mask), 1e-6f);
    }

    [Check(Points = 3)]
    public static void Random_masks_and_large_logits_match_the_library(Learner learner)
    {
        var scores = Data.Random(5, 8, seed: 141, scale: 200f);
        var mask = Data.RandomMask(5, 8, seed: 142);
        Expect.Close(Data.ToArray(Ops.Softmax(Data.ToMatrix(scores), Data.ToMask(mask))), learner.Call<float[,]>(scores, mask), 1e-5f);
    }
}

[Exercise("Chapter05.Entropy", Total = 4)]
public static class EntropyHidden
{
    [Check(Points = 2)]
    public static void Mixed_weights(Learner learner)
    {
        float[] w = [0.5f, 0.25f, 0.25f, 0f];
        Expect.Close(1.5f * MathF.Log(2), learner.Call<float>(w), 1e-5f);
    }
}
