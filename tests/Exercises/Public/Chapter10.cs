// Public checks of chapter 10. Run them on your own code: curriculum test 10
[Exercise("Chapter10.LayerNorm", Total = 5, Forbidden = new[] { "Attention.LayerNorm" })]
public static class LayerNormPublic
{
    [Check(Points = 2)]
    public static void One_two_three_four(Learner learner) =>
        Expect.Close(Data.Rows([-1.3416355f, -0.4472118f, 0.4472118f, 1.3416355f]), learner.Call<float[,]>(Data.Rows([1, 2, 3, 4]), 1e-5f), 1e-5f, "LayerNorm([1, 2, 3, 4])");

    [Check(Points = 1)]
    public static void Zero_epsilon_is_an_argument_exception(Learner learner) => learner.ExpectArgumentException("epsilon", Data.Rows([1, 2]), 0f);
}

[Exercise("Chapter10.FeedForward", Total = 6, Forbidden = new[] { "Attention.FeedForward", "Attention.Activations", "Attention.Linear", "Attention.Ops.MatMul", "Attention.Naive.MatMul" })]
public static class FeedForwardPublic
{
    [Check(Points = 2)]
    public static void Relu_cuts_the_negative_hidden_unit(Learner learner)
    {
        // x·W1 + b1 = [1, −1] -> ReLU [1, 0]; [1, 0]·W2 + b2 = [2, 0.5].
        var output = learner.Call<float[,]>(Data.Rows([1, 0]), Data.Rows([1, -1], [0, 0]), new float[2], Data.Rows([2, 0], [5, 5]), new[] { 0f, 0.5f });
        Expect.Close(Data.Rows([2, 0.5f]), output, 1e-6f, "output");
    }

    [Check(Points = 1)]
    public static void W1_of_the_wrong_height_is_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("w1", Data.Rows([1, 0]), Data.Rows([1, -1]), new float[2], Data.Rows([2, 0], [5, 5]), new float[2]);
}

[Exercise("Chapter10.Patches", Total = 5)]
public static class PatchesPublic
{
    [Check(Points = 2)]
    public static void A_four_by_four_image_in_four_patches(Learner learner)
    {
        var image = Data.Rows([0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11], [12, 13, 14, 15]);
        Expect.Close(Data.Rows([0, 1, 4, 5], [2, 3, 6, 7], [8, 9, 12, 13], [10, 11, 14, 15]), learner.Call<float[,]>(image, 2), 0f, "patches");
    }

    [Check(Points = 1)]
    public static void A_patch_that_does_not_divide_the_image_is_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("patch", new float[4, 6], 4);
}
