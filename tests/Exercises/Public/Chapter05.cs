// Public checks of chapter 5. Run them on your own code: curriculum test 5
[Exercise("Chapter05.Softmax", Total = 8, Forbidden = new[] { "Attention.Ops.Softmax", "Attention.Naive.Softmax", "Attention.Ops.LogSoftmax" })]
public static class SoftmaxPublic
{
    [Check(Points = 2)]
    public static void Hand_worked_example(Learner learner) =>
        Expect.Close(new[] { 0.09003057f, 0.24472847f, 0.66524096f }, learner.Call<float[]>(new float[] { 1, 2, 3 }), 1e-5f, "softmax([1,2,3])");

    [Check(Points = 2)]
    public static void Large_scores_do_not_overflow(Learner learner) =>
        Expect.Close(new[] { 0.09003057f, 0.24472847f, 0.66524096f }, learner.Call<float[]>(new float[] { 1000, 1001, 1002 }), 1e-5f, "softmax([1000,1001,1002])");
}

[Exercise("Chapter05.SoftmaxWithTemperature", Total = 6, Forbidden = new[] { "Attention.Ops.Softmax", "Attention.Naive.Softmax" })]
public static class SoftmaxWithTemperaturePublic
{
    [Check(Points = 2)]
    public static void Temperature_two_halves_the_scores(Learner learner) =>
        Expect.Close(new[] { 0.09003057f, 0.24472847f, 0.66524096f }, learner.Call<float[]>(new float[] { 2, 4, 6 }, 2f), 1e-5f, "softmax([2,4,6] / 2)");

    [Check(Points = 1)]
    public static void Zero_temperature_is_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("temperature", new float[] { 1, 2 }, 0f);
}

[Exercise("Chapter05.RowSoftmax", Total = 6, Forbidden = new[] { "Attention.Ops.Softmax", "Attention.Naive.Softmax" })]
public static class RowSoftmaxPublic
{
    [Check(Points = 2)]
    public static void Each_row_sums_to_one(Learner learner) =>
        Expect.Close(Data.Rows([0.5f, 0.5f, 0f], [0.09003057f, 0.24472847f, 0.66524096f]),
            learner.Call<float[,]>(Data.Rows([0, 0, float.NegativeInfinity], [1, 2, 3])), 1e-5f, "weights");
}

[Exercise("Chapter05.MaskedSoftmax", Total = 8, Forbidden = new[] { "Attention.Ops.Softmax", "Attention.Naive.Softmax", "Attention.Ops.ScaledDotProductAttention" })]
public static class MaskedSoftmaxPublic
{
    [Check(Points = 2)]
    public static void Blocked_keys_get_zero_weight(Learner learner)
    {
        var mask = new bool[,] { { true, true, false }, { true, false, false } };
        Expect.Close(Data.Rows([0.26894142f, 0.73105858f, 0f], [1f, 0f, 0f]), learner.Call<float[,]>(Data.Rows([1, 2, 3], [1, 2, 3]), mask), 1e-5f, "weights");
    }

    [Check(Points = 1)]
    public static void Mask_of_another_shape_is_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("mask", Data.Rows([1, 2, 3]), new bool[1, 2]);
}

[Exercise("Chapter05.Entropy", Total = 4)]
public static class EntropyPublic
{
    [Check(Points = 1)]
    public static void Uniform_weights_give_ln_S(Learner learner) =>
        Expect.Close(MathF.Log(4), learner.Call<float>(new[] { 0.25f, 0.25f, 0.25f, 0.25f }), 1e-5f, "H(uniform over 4)");

    [Check(Points = 1)]
    public static void One_hot_weights_give_zero(Learner learner) =>
        Expect.Close(0f, learner.Call<float>(new[] { 0f, 1f, 0f }), 1e-6f, "H([0,1,0])");
}
