// Public checks of chapter 12. Run them on your own code: curriculum test 12
[Exercise("Chapter12.SoftmaxBackward", Total = 6, Forbidden = new[] { "Attention.Backprop" })]
public static class SoftmaxBackwardPublic
{
    [Check(Points = 2)]
    public static void The_chapter_row_and_a_masked_row(Learner learner) =>
        // row 0: P = softmax([2, 1, 0.1, −1]) and dP of the chapter; row 1: two keys masked, dP·P = 2,
        // so dZ = 0.5·([1, 3] − 2) = [−0.5, 0.5] and 0 where masked (reference: PyTorch, float64)
        Expect.Close(Data.Rows([0.14345577f, -0.29932286f, 0.16460855f, -0.0087414853f], [-0.5f, 0.5f, 0, 0]),
            learner.Call<float[,]>(Data.Rows([0.63806641f, 0.23473153f, 0.09543471f, 0.031767454f], [0.5f, 0.5f, 0, 0]),
                Data.Rows([0.5f, -1, 2, 0], [1, 3, 5, 7])), 1e-5f, "dScores");

    [Check(Points = 1)]
    public static void Upstream_gradient_of_another_shape_is_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("dWeights", Data.Rows([0.5f, 0.5f]), Data.Rows([1, 2, 3]));
}

[Exercise("Chapter12.AttentionBackward", Total = 10, Forbidden = new[] { "Attention.Backprop" })]
public static class AttentionBackwardPublic
{
    // Q = I (T = 2), K = [[1, 0], [0, 1], [1, 1]] (S = 3), V = [[1, 2], [3, 4], [5, 6]], dO = I, no mask, scale 1/√2.
    // Reference: PyTorch autograd in float64.
    private static readonly float[,] Queries = Data.Rows([1, 0], [0, 1]);
    private static readonly float[,] Keys = Data.Rows([1, 0], [0, 1], [1, 1]);
    private static readonly float[,] Values = Data.Rows([1, 2], [3, 4], [5, 6]);
    private static readonly float[,] DOutput = Data.Rows([1, 0], [0, 1]);

    [Check(Points = 1)]
    public static void Values_gradient_of_the_hand_example(Learner learner) =>
        Expect.Close(Data.Rows([0.40111209f, 0.19777581f], [0.19777581f, 0.40111209f], [0.40111209f, 0.40111209f]),
            learner.Call<float[,]>(Queries, Keys, Values, null, DOutput, "values"), 1e-5f, "dV");

    [Check(Points = 1)]
    public static void Queries_gradient_of_the_hand_example(Learner learner) =>
        Expect.Close(Data.Rows([0, 0.56725816f], [0.11534416f, 0.33656984f]),
            learner.Call<float[,]>(Queries, Keys, Values, null, DOutput, "queries"), 1e-5f, "dQ");

    [Check(Points = 1)]
    public static void Keys_gradient_of_the_hand_example(Learner learner) =>
        Expect.Close(Data.Rows([-0.56725816f, -0.33656984f], [0, -0.11534416f], [0.56725816f, 0.451914f]),
            learner.Call<float[,]>(Queries, Keys, Values, null, DOutput, "keys"), 1e-5f, "dK");

    [Check(Points = 1)]
    public static void An_unknown_input_name_is_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("wrt", Queries, Keys, Values, null, DOutput, "weights");
}

[Exercise("Chapter12.AdamWStep", Total = 8, Forbidden = new[] { "Attention.AdamW" })]
public static class AdamWStepPublic
{
    [Check(Points = 2)]
    public static void First_step_moves_each_parameter_by_the_learning_rate_against_its_gradient(Learner learner) =>
        // t = 1 from zero moments: the bias-corrected m/√v is g/|g| = ±1, so p ← p·(1 − lr·λ) − lr·sign(g)
        // with lr = 0.1, λ = 0.1: [0.99 − 0.1, −1.98 + 0.1, 0.495 − 0.1]
        Expect.Close(new[] { 0.89f, -1.88f, 0.395f },
            learner.Call<float[]>(new[] { 1f, -2f, 0.5f }, new[] { 0.3f, -0.1f, 2f }, new float[3], new float[3], 1, 0.1f, 0.1f), 1e-5f, "parameters");

    [Check(Points = 1)]
    public static void Gradients_of_another_length_are_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("gradients", new[] { 1f, 2f }, new[] { 0.1f }, new float[2], new float[2], 1, 0.1f, 0f);
}
