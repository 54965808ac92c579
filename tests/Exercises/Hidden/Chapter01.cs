// Hidden checks of chapter 1 (instructor-only; never released). Same format as the public checks.
[Exercise("Chapter01.DotProduct", Total = 6, Forbidden = new[] { "Attention.Ops.MatMul", "Attention.Naive.MatMul" })]
public static class DotProductHidden
{
    [Check(Points = 1)]
    public static void Length_one(Learner learner) => Expect.Close(-6f, learner.Call<float>(new float[] { 2 }, new float[] { -3 }), 1e-6f);

    [Check(Points = 2)]
    public static void Random_vectors_match_a_double_precision_sum(Learner learner)
    {
        var a = Data.RandomVector(37, seed: 11);
        var b = Data.RandomVector(37, seed: 12);
        double expected = 0;
        for (int i = 0; i < a.Length; i++) expected += (double)a[i] * b[i];
        Expect.Close((float)expected, learner.Call<float>(a, b), 1e-4f);
    }
}

[Exercise("Chapter01.WeightedSum", Total = 6, Forbidden = new[] { "Attention.Ops.MatMul", "Attention.Naive.MatMul" })]
public static class WeightedSumHidden
{
    [Check(Points = 1)]
    public static void One_value_row(Learner learner) => Expect.Close(new float[] { 2, 4, 6 }, learner.Call<float[]>(new float[] { 2 }, Data.Rows([1, 2, 3])), 1e-6f);

    [Check(Points = 2)]
    public static void Random_weights_match_the_library(Learner learner)
    {
        var weights = Data.RandomVector(5, seed: 21);
        var values = Data.Random(5, 3, seed: 22);
        var expected = Data.Row(Data.ToArray(Ops.MatMul(Data.ToMatrix(Data.Rows(weights)), Data.ToMatrix(values))), 0); // (1,S) x (S,Dv)
        Expect.Close(expected, learner.Call<float[]>(weights, values), 1e-5f);
    }
}
