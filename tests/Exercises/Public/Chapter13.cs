// Public checks of chapter 13. Run them on your own code: curriculum test 13
[Exercise("Chapter13.InductionScore", Total = 6, Forbidden = new[] { "Attention.Interpretability" })]
public static class InductionScorePublic
{
    [Check(Points = 2)]
    public static void The_chapter_example_with_two_repeated_tokens(Learner learner) =>
        // ids 5 7 9 5 7: t = 3 repeats position 0, so weights[3, 1] = 0.8; t = 4 repeats position 1, so weights[4, 2] = 0.4
        Expect.Close(0.6f, learner.Call<float>(Data.Rows([1, 0, 0, 0, 0], [1, 0, 0, 0, 0], [0, 0, 1, 0, 0], [0.2f, 0.8f, 0, 0, 0], [0.6f, 0, 0.4f, 0, 0]), new[] { 5, 7, 9, 5, 7 }), 1e-6f, "induction score");

    [Check(Points = 1)]
    public static void Weights_that_do_not_match_the_ids_are_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("weights", Data.Rows([1, 0, 0], [0.5f, 0.5f, 0], [0.2f, 0.3f, 0.5f]), new[] { 1, 2 });
}

[Exercise("Chapter13.AttentionRollout", Total = 6, Forbidden = new[] { "Attention.Interpretability" })]
public static class AttentionRolloutPublic
{
    [Check(Points = 2)]
    public static void The_chapter_two_by_two_example(Learner learner) =>
        // Â₁ = ½A₁ + ½I = [[1, 0], [0.1, 0.9]], Â₂ = [[1, 0], [0.3, 0.7]], R = Â₂Â₁ = [[1, 0], [0.37, 0.63]]
        Expect.Close(Data.Rows([1, 0], [0.37f, 0.63f]), learner.Call<float[,]>(Data.Rows([1, 0], [0.2f, 0.8f]), Data.Rows([1, 0], [0.6f, 0.4f])), 1e-6f, "rollout");

    [Check(Points = 1)]
    public static void Layers_of_different_sizes_are_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("second", Data.Rows([1, 0], [0.5f, 0.5f]), Data.Rows([1, 0, 0], [0.5f, 0.5f, 0], [0.2f, 0.3f, 0.5f]));
}

[Exercise("Chapter13.AccuracyByPosition", Total = 5, Forbidden = new[] { "Attention.Interpretability" })]
public static class AccuracyByPositionPublic
{
    [Check(Points = 2)]
    public static void Two_sequences_of_three_with_an_unscored_first_position(Learner learner) =>
        // position 0 is never scored (NaN); position 1: 2 = 2 right, 5 ≠ 2 wrong; position 2: 3 ≠ 0 wrong, 3 = 3 right
        Expect.Close(new[] { float.NaN, 0.5f, 0.5f }, learner.Call<float[]>(new[] { 1, 2, 3, 1, 5, 3 }, new[] { -1, 2, 0, -1, 2, 3 }, 3), 1e-6f, "accuracy");

    [Check(Points = 1)]
    public static void Targets_of_another_length_are_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("targets", new[] { 1, 2, 3 }, new[] { 1, 2 }, 3);
}
