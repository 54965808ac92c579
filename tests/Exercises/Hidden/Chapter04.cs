// Hidden checks of chapter 4 (instructor-only; never released).
[Exercise("Chapter04.Variance", Total = 6)]
public static class VarianceHidden
{
    [Check(Points = 1)]
    public static void One_sample_has_zero_variance(Learner learner) => Expect.Close(0f, learner.Call<float>(new float[] { 7 }), 1e-6f);

    [Check(Points = 2)]
    public static void Random_samples_match_a_double_precision_variance(Learner learner)
    {
        var v = Data.RandomVector(101, seed: 81, scale: 3f);
        double mean = v.Average(x => (double)x);
        double expected = v.Sum(x => (x - mean) * (x - mean)) / v.Length;
        Expect.Close((float)expected, learner.Call<float>(v), 1e-4f);
    }
}

[Exercise("Chapter04.ScaledScores", Total = 6, Forbidden = new[] { "Attention.Ops.MatMul", "Attention.Naive.MatMul", "Attention.Ops.ScaledDotProductAttention", "Attention.Naive.ScaledDotProductAttention" })]
public static class ScaledScoresHidden
{
    [Check(Points = 3)]
    public static void Random_queries_and_keys_match_the_library(Learner learner)
    {
        var queries = Data.Random(4, 16, seed: 91);
        var keys = Data.Random(7, 16, seed: 92);
        var expected = Ops.MatMulTransposed(Data.ToMatrix(queries), Data.ToMatrix(keys)) * (1f / 4f);  // (T,Dk) x (S,Dk)ᵀ / √16
        Expect.Close(Data.ToArray(expected), learner.Call<float[,]>(queries, keys), 1e-5f);
    }

    [Check(Points = 1)]
    public static void Keys_of_another_width_are_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("keys", Data.Rows([1, 0]), Data.Rows([1, 0, 0]));
}

[Exercise("Chapter04.DotProductVariance", Total = 6)]
public static class DotProductVarianceHidden
{
    [Check(Points = 4)]
    public static void Grows_like_dK_and_matches_a_reference(Learner learner)
    {
        var queries = Data.Random(20, 32, seed: 101);
        var keys = Data.Random(30, 32, seed: 102);
        var scores = Ops.MatMulTransposed(Data.ToMatrix(queries), Data.ToMatrix(keys));                 // (T,S)
        var all = Enumerable.Range(0, 20).SelectMany(t => Enumerable.Range(0, 30).Select(s => (double)scores[t, s])).ToArray();
        double mean = all.Average();
        double expected = all.Sum(x => (x - mean) * (x - mean)) / all.Length;
        Expect.Close((float)expected, learner.Call<float>(queries, keys), 1e-3f);
    }
}
