// Public checks of chapter 4. Run them on your own code: curriculum test 4
[Exercise("Chapter04.Variance", Total = 6)]
public static class VariancePublic
{
    [Check(Points = 2)]
    public static void Divides_by_N(Learner learner) =>
        Expect.Close(1.25f, learner.Call<float>(new float[] { 1, 2, 3, 4 }), 1e-6f, "Var([1,2,3,4])");

    [Check(Points = 1)]
    public static void Empty_input_is_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("values", new float[0]);
}

[Exercise("Chapter04.ScaledScores", Total = 6, Forbidden = new[] { "Attention.Ops.MatMul", "Attention.Naive.MatMul", "Attention.Ops.ScaledDotProductAttention", "Attention.Naive.ScaledDotProductAttention" })]
public static class ScaledScoresPublic
{
    [Check(Points = 2)]
    public static void Divides_by_the_square_root_of_dK(Learner learner) =>
        Expect.Close(Data.Rows([2, 0]), learner.Call<float[,]>(Data.Rows([1, 1, 1, 1]), Data.Rows([1, 1, 1, 1], [1, -1, 1, -1])), 1e-6f, "scores");
}

[Exercise("Chapter04.DotProductVariance", Total = 6)]
public static class DotProductVariancePublic
{
    [Check(Points = 2)]
    public static void Small_example(Learner learner) =>
        Expect.Close(0.75f, learner.Call<float>(Data.Rows([1, 0], [0, 1]), Data.Rows([1, 1], [1, -1])), 1e-6f, "Var(q·k) of [1, 1, 1, -1]");
}
