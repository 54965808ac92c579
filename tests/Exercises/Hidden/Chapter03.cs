// Hidden checks of chapter 3 (instructor-only; never released).
[Exercise("Chapter03.Project", Total = 6, Forbidden = new[] { "Attention.Ops.MatMul", "Attention.Naive.MatMul", "Attention.Linear" })]
public static class ProjectHidden
{
    [Check(Points = 3)]
    public static void Random_shapes_match_the_library(Learner learner)
    {
        var x = Data.Random(7, 5, seed: 51);
        var w = Data.Random(5, 3, seed: 52);
        Expect.Close(Data.ToArray(Ops.MatMul(Data.ToMatrix(x), Data.ToMatrix(w))), learner.Call<float[,]>(x, w), 1e-5f); // (T,D) x (D,Dk)
    }
}

[Exercise("Chapter03.Scores", Total = 6, Forbidden = new[] { "Attention.Ops.MatMul", "Attention.Naive.MatMul", "Attention.Ops.ScaledDotProductAttention" })]
public static class ScoresHidden
{
    [Check(Points = 3)]
    public static void T_differs_from_S(Learner learner)
    {
        var queries = Data.Random(3, 4, seed: 61);
        var keys = Data.Random(6, 4, seed: 62);
        Expect.Close(Data.ToArray(Ops.MatMulTransposed(Data.ToMatrix(queries), Data.ToMatrix(keys))), learner.Call<float[,]>(queries, keys), 1e-5f); // (T,Dk) x (S,Dk)ᵀ
    }
}

[Exercise("Chapter03.SelfAttentionScores", Total = 6, Forbidden = new[] { "Attention.Ops.MatMul", "Attention.Naive.MatMul", "Attention.Linear" })]
public static class SelfAttentionScoresHidden
{
    [Check(Points = 3)]
    public static void Random_weights_match_the_library(Learner learner)
    {
        var x = Data.Random(5, 6, seed: 71);
        var wQ = Data.Random(6, 3, seed: 72);
        var wK = Data.Random(6, 3, seed: 73);
        var queries = Ops.MatMul(Data.ToMatrix(x), Data.ToMatrix(wQ));
        var keys = Ops.MatMul(Data.ToMatrix(x), Data.ToMatrix(wK));
        Expect.Close(Data.ToArray(Ops.MatMulTransposed(queries, keys)), learner.Call<float[,]>(x, wQ, wK), 1e-4f);
    }

    [Check(Points = 1)]
    public static void Key_weights_of_another_width_are_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("keyWeights", Data.Random(2, 3, seed: 1), Data.Random(3, 2, seed: 2), Data.Random(3, 4, seed: 3));
}
