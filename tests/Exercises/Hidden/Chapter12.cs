// Hidden checks of chapter 12 (instructor-only; never released).
[Exercise("Chapter12.SoftmaxBackward", Total = 6, Forbidden = new[] { "Attention.Backprop" })]
public static class SoftmaxBackwardHidden
{
    private static float[,] Reference(float[,] weights, float[,] dWeights) =>
        Data.ToArray(Backprop.SoftmaxBackward(Data.ToMatrix(weights), Data.ToMatrix(dWeights)));

    [Check(Points = 2)]
    public static void Masked_weights_with_T_differing_from_S_match_the_library(Learner learner)
    {
        var mask = Data.RandomMask(5, 9, seed: 1201);
        for (int t = 0; t < 5; t++) mask[t, t] = true;                                             // no fully masked row here
        var weights = Data.ToArray(Ops.Softmax(Data.ToMatrix(Data.Random(5, 9, seed: 1202, scale: 3)), Data.ToMask(mask)));
        var dWeights = Data.Random(5, 9, seed: 1203);
        Expect.Close(Reference(weights, dWeights), learner.Call<float[,]>(weights, dWeights), 1e-5f, "dScores");
    }

    [Check(Points = 1)]
    public static void A_fully_masked_row_gets_zeros_and_the_others_match_the_library(Learner learner)
    {
        var mask = new bool[3, 4];
        for (int s = 0; s < 4; s++) { mask[0, s] = true; mask[2, s] = s != 1; }                    // row 1 fully masked
        var weights = Data.ToArray(Ops.Softmax(Data.ToMatrix(Data.Random(3, 4, seed: 1204, scale: 100)), Data.ToMask(mask)));
        var dWeights = Data.Random(3, 4, seed: 1205, scale: 10);
        Expect.Close(Reference(weights, dWeights), learner.Call<float[,]>(weights, dWeights), 1e-4f, "dScores");
    }
}

[Exercise("Chapter12.AttentionBackward", Total = 10, Forbidden = new[] { "Attention.Backprop" })]
public static class AttentionBackwardHidden
{
    private static float[,] Reference(float[,] queries, float[,] keys, float[,] values, bool[,] mask, float[,] dOutput, string wrt)
    {
        var trace = Backprop.ScaledDotProductAttentionForward(Data.ToMatrix(queries), Data.ToMatrix(keys), Data.ToMatrix(values), Data.ToMask(mask));
        var gradients = Backprop.ScaledDotProductAttentionBackward(trace, Data.ToMatrix(dOutput));
        return Data.ToArray(wrt switch { "queries" => gradients.DQueries, "keys" => gradients.DKeys, _ => gradients.DValues });
    }

    // T = 4 queries, S = 7 keys, Dk = 6, Dv = 3, a random mask with every row keeping its diagonal key.
    private static void RandomCase(Learner learner, string wrt)
    {
        var queries = Data.Random(4, 6, seed: 1211);
        var keys = Data.Random(7, 6, seed: 1212);
        var values = Data.Random(7, 3, seed: 1213);
        var dOutput = Data.Random(4, 3, seed: 1214);
        var mask = Data.RandomMask(4, 7, seed: 1215);
        for (int t = 0; t < 4; t++) mask[t, t] = true;
        Expect.Close(Reference(queries, keys, values, mask, dOutput, wrt), learner.Call<float[,]>(queries, keys, values, mask, dOutput, wrt), 1e-4f, wrt);
    }

    [Check(Points = 1)]
    public static void Queries_gradient_with_a_mask_and_T_differing_from_S_matches_the_library(Learner learner) => RandomCase(learner, "queries");

    [Check(Points = 1)]
    public static void Keys_gradient_with_a_mask_and_T_differing_from_S_matches_the_library(Learner learner) => RandomCase(learner, "keys");

    [Check(Points = 1)]
    public static void Values_gradient_with_a_mask_and_T_differing_from_S_matches_the_library(Learner learner) => RandomCase(learner, "values");

    // A causal mask over 3 queries that are the last of 5 positions, plus one fully masked query (row 1): its dQ row is 0,
    // and it sends nothing to dK. Scores up to ±40 after scaling test the max subtraction.
    private static void FullyMaskedCase(Learner learner, string wrt)
    {
        var queries = Data.Random(3, 4, seed: 1216, scale: 8);
        var keys = Data.Random(5, 4, seed: 1217, scale: 2);
        var values = Data.Random(5, 2, seed: 1218);
        var dOutput = Data.Random(3, 2, seed: 1219);
        var mask = Mask.Causal(3, 5).ToArray();
        for (int s = 0; s < 5; s++) mask[1, s] = false;
        Expect.Close(Reference(queries, keys, values, mask, dOutput, wrt), learner.Call<float[,]>(queries, keys, values, mask, dOutput, wrt), 1e-4f, wrt);
    }

    [Check(Points = 1)]
    public static void A_fully_masked_query_gets_a_zero_queries_gradient(Learner learner) => FullyMaskedCase(learner, "queries");

    [Check(Points = 1)]
    public static void A_fully_masked_query_sends_no_keys_gradient(Learner learner) => FullyMaskedCase(learner, "keys");

    [Check(Points = 1)]
    public static void Upstream_gradient_of_another_shape_is_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("dOutput", Data.Random(2, 4, seed: 1220), Data.Random(3, 4, seed: 1221), Data.Random(3, 5, seed: 1222), null, Data.Random(2, 4, seed: 1223), "queries");
}

[Exercise("Chapter12.AdamWStep", Total = 8, Forbidden = new[] { "Attention.AdamW" })]
public static class AdamWStepHidden
{
    /// <summary>
    /// Runs the library's AdamW for <paramref name="steps"/> steps with seeded gradients and returns what the learner
    /// needs for the last one (p, g, m, v of the step before) and the library's result. The running means are kept
    /// here with the same recurrences, in float like the library.
    /// </summary>
    private static (float[] P, float[] G, float[] M, float[] V, float[] Expected) Run(int n, int steps, float learningRate, float weightDecay, int seed)
    {
        float[] parameter = Data.RandomVector(n, seed), m = new float[n], v = new float[n];
        var optimizer = new AdamW(weightDecay: weightDecay);
        var gradients = new Gradients();
        for (int t = 1; ; t++)
        {
            float[] g = Data.RandomVector(n, seed + t, scale: 0.05f + 0.1f * (t % 3));
            if (t == steps)
            {
                float[] before = (float[])parameter.Clone();
                g.CopyTo(gradients.For(parameter), 0);
                optimizer.Step([parameter], gradients, learningRate);
                return (before, g, m, v, parameter);
            }
            g.CopyTo(gradients.For(parameter), 0);
            optimizer.Step([parameter], gradients, learningRate);
            for (int i = 0; i < n; i++)
            {
                m[i] = 0.9f * m[i] + 0.1f * g[i];
                v[i] = 0.999f * v[i] + (1 - 0.999f) * g[i] * g[i];
            }
        }
    }

    [Check(Points = 2)]
    public static void Fifth_step_with_weight_decay_matches_the_library(Learner learner)
    {
        var (p, g, m, v, expected) = Run(12, 5, 0.05f, 0.1f, seed: 1231);
        Expect.Close(expected, learner.Call<float[]>(p, g, m, v, 5, 0.05f, 0.1f), 1e-5f, "parameters");
    }

    [Check(Points = 1)]
    public static void Step_one_thousand_without_weight_decay_matches_the_library(Learner learner)
    {
        var (p, g, m, v, expected) = Run(8, 1000, 0.01f, 0f, seed: 1232);
        Expect.Close(expected, learner.Call<float[]>(p, g, m, v, 1000, 0.01f, 0f), 1e-5f, "parameters");
    }

    [Check(Points = 1)]
    public static void Zero_gradient_and_zero_moments_leave_only_the_decay(Learner learner) =>
        // m = v = 0 after the step: the update is 0 / (0 + ε) = 0, never NaN; p·(1 − 0.1·0.5)
        Expect.Close(new[] { 0.95f, -1.9f, 0f }, learner.Call<float[]>(new[] { 1f, -2f, 0f }, new float[3], new float[3], new float[3], 3, 0.1f, 0.5f), 1e-6f, "parameters");

    [Check(Points = 1)]
    public static void Step_zero_is_an_argument_exception(Learner learner) =>
        learner.ExpectArgumentException("step", new[] { 1f }, new[] { 0.1f }, new float[1], new float[1], 0, 0.1f, 0f);
}
