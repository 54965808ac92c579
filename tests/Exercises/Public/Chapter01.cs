// Public checks of chapter 1. Run them on your own code: curriculum test 1
[Exercise("Chapter01.DotProduct", Total = 6, Forbidden = new[] { "Attention.Ops.MatMul", "Attention.Naive.MatMul" })]
public static class DotProductPublic
{
    [Check(Points = 2)]
    public static void Hand_worked_example(Learner learner) =>
        Expect.Close(32f, learner.Call<float>(new float[] { 1, 2, 3 }, new float[] { 4, 5, 6 }), 1e-6f, "[1,2,3]·[4,5,6]");

    [Check(Points = 1)]
    public static void Length_mismatch_is_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("b", new float[] { 1, 2 }, new float[] { 1, 2, 3 });
}

[Exercise("Chapter01.WeightedSum", Total = 6, Forbidden = new[] { "Attention.Ops.MatMul", "Attention.Naive.MatMul" })]
public static class WeightedSumPublic
{
    [Check(Points = 2)]
    public static void Mixes_value_rows_by_weight(Learner learner) =>
        Expect.Close(new float[] { 2.5f, 25f }, learner.Call<float[]>(new float[] { 0.5f, 0.5f }, Data.Rows([1, 10], [4, 40])), 1e-6f, "output");

    [Check(Points = 1)]
    public static void Wrong_weight_count_is_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("weights", new float[] { 1 }, Data.Rows([1, 10], [4, 40]));
}
