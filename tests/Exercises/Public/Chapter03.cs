// Public checks of chapter 3. Run them on your own code: curriculum test 3
[Exercise("Chapter03.Project", Total = 6, Forbidden = new[] { "Attention.Ops.MatMul", "Attention.Naive.MatMul", "Attention.Linear" })]
public static class ProjectPublic
{
    [Check(Points = 2)]
    public static void Two_by_two_product(Learner learner) =>
        Expect.Close(Data.Rows([19, 22], [43, 50]), learner.Call<float[,]>(Data.Rows([1, 2], [3, 4]), Data.Rows([5, 6], [7, 8])), 1e-6f, "x·W");

    [Check(Points = 1)]
    public static void Mismatched_weights_are_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("weights", Data.Rows([1, 2], [3, 4]), Data.Rows([1, 2, 3]));
}

[Exercise("Chapter03.Scores", Total = 6, Forbidden = new[] { "Attention.Ops.MatMul", "Attention.Naive.MatMul", "Attention.Ops.ScaledDotProductAttention" })]
public static class ScoresPublic
{
    [Check(Points = 2)]
    public static void Queries_times_keys_transposed(Learner learner) =>
        Expect.Close(Data.Rows([1, 2, 3], [0, 1, 1]), learner.Call<float[,]>(Data.Rows([1, 0], [0, 1]), Data.Rows([1, 0], [2, 1], [3, 1])), 1e-6f, "scores");

    [Check(Points = 1)]
    public static void Keys_of_another_width_are_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("keys", Data.Rows([1, 0]), Data.Rows([1, 0, 0]));
}

[Exercise("Chapter03.SelfAttentionScores", Total = 6, Forbidden = new[] { "Attention.Ops.MatMul", "Attention.Naive.MatMul", "Attention.Linear" })]
public static class SelfAttentionScoresPublic
{
    [Check(Points = 2)]
    public static void Identity_weights_give_x_times_x_transposed(Learner learner) =>
        Expect.Close(Data.Rows([1, 2], [2, 5]), learner.Call<float[,]>(Data.Rows([1, 0], [2, 1]), Data.Rows([1, 0], [0, 1]), Data.Rows([1, 0], [0, 1])), 1e-6f, "scores");
}
