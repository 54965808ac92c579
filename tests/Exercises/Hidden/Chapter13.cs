// Hidden checks of chapter 13 (instructor-only; never released).
[Exercise("Chapter13.InductionScore", Total = 6, Forbidden = new[] { "Attention.Interpretability" })]
public static class InductionScoreHidden
{
    [Check(Points = 1)]
    public static void No_repeated_token_gives_NaN(Learner learner) =>
        Expect.Close(float.NaN, learner.Call<float>(Data.Rows([1, 0], [0.5f, 0.5f]), new[] { 1, 2 }), 0f, "induction score");

    [Check(Points = 1)]
    public static void The_latest_earlier_occurrence_counts(Learner learner) =>
        // ids 4 4 4: t = 1 scores weights[1, 1] = 0.5 (after position 0); t = 2 scores weights[2, 2] = 0.7 (after position 1, not 0)
        Expect.Close(0.6f, learner.Call<float>(Data.Rows([1, 0, 0], [0.5f, 0.5f, 0], [0.1f, 0.2f, 0.7f]), new[] { 4, 4, 4 }), 1e-6f, "induction score");

    [Check(Points = 1)]
    public static void Random_causal_weights_over_a_small_alphabet_match_the_library(Learner learner)
    {
        var weights = Ops.Softmax(Data.ToMatrix(Data.Random(14, 14, seed: 1301)), Mask.Causal(14));          // (T, T)
        var random = new Random(1302);
        int[] ids = Enumerable.Range(0, 14).Select(_ => random.Next(4)).ToArray();
        Expect.Close(Interpretability.InductionScore(weights, ids), learner.Call<float>(Data.ToArray(weights), ids), 1e-5f, "induction score");
    }
}

[Exercise("Chapter13.AttentionRollout", Total = 6, Forbidden = new[] { "Attention.Interpretability" })]
public static class AttentionRolloutHidden
{
    [Check(Points = 1)]
    public static void A_fully_masked_row_becomes_the_identity_row(Learner learner) =>
        // row 1 of the first layer is all zero: ½·0 + ½·I re-normalised is [0, 1, 0]
        Expect.Close(Data.ToArray(Interpretability.AttentionRollout([new Tensor3([Data.ToMatrix(Data.Rows([1, 0, 0], [0, 0, 0], [0.2f, 0.3f, 0.5f]))]), new Tensor3([Matrix.Identity(3)])])),
            learner.Call<float[,]>(Data.Rows([1, 0, 0], [0, 0, 0], [0.2f, 0.3f, 0.5f]), Data.Rows([1, 0, 0], [0, 1, 0], [0, 0, 1])), 1e-6f, "rollout");

    [Check(Points = 2)]
    public static void Random_causal_layers_match_the_library(Learner learner)
    {
        var first = Ops.Softmax(Data.ToMatrix(Data.Random(7, 7, seed: 1311)), Mask.Causal(7));               // (T, T)
        var second = Ops.Softmax(Data.ToMatrix(Data.Random(7, 7, seed: 1312)), Mask.Causal(7));
        var expected = Interpretability.AttentionRollout([new Tensor3([first]), new Tensor3([second])]);
        Expect.Close(Data.ToArray(expected), learner.Call<float[,]>(Data.ToArray(first), Data.ToArray(second)), 1e-5f, "rollout");
    }
}

[Exercise("Chapter13.AccuracyByPosition", Total = 5, Forbidden = new[] { "Attention.Interpretability" })]
public static class AccuracyByPositionHidden
{
    [Check(Points = 1)]
    public static void Nothing_scored_gives_NaN_everywhere(Learner learner) =>
        Expect.Close(new[] { float.NaN, float.NaN }, learner.Call<float[]>(new[] { 1, 2, 3, 4 }, new[] { -1, -1, -1, -1 }, 2), 0f, "accuracy");

    [Check(Points = 1)]
    public static void Random_predictions_with_unscored_positions_match_the_library(Learner learner)
    {
        var random = new Random(1321);
        int[][] predicted = Enumerable.Range(0, 30).Select(_ => Enumerable.Range(0, 9).Select(_ => random.Next(3)).ToArray()).ToArray();
        int[][] targets = Enumerable.Range(0, 30).Select(_ => Enumerable.Range(0, 9).Select(t => t < 2 || random.Next(4) == 0 ? -1 : random.Next(3)).ToArray()).ToArray();
        Expect.Close(Interpretability.AccuracyByPosition(predicted, targets), learner.Call<float[]>(predicted.SelectMany(p => p).ToArray(), targets.SelectMany(t => t).ToArray(), 9), 1e-6f, "accuracy");
    }
}
