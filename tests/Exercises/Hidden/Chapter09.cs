// Hidden checks of chapter 9 (instructor-only; never released).
[Exercise("Chapter09.Sinusoidal", Total = 5, Forbidden = new[] { "Attention.PositionalEncoding" })]
public static class SinusoidalHidden
{
    [Check(Points = 1)]
    public static void Fifty_positions_of_width_sixteen_match_the_library(Learner learner) =>
        Expect.Close(Data.ToArray(PositionalEncoding.Sinusoidal(50, 16)), learner.Call<float[,]>(50, 16), 1e-4f);

    [Check(Points = 1)]
    public static void An_odd_width_ends_with_a_sine(Learner learner) =>
        Expect.Close(Data.ToArray(PositionalEncoding.Sinusoidal(6, 7)), learner.Call<float[,]>(6, 7), 1e-4f);
}

[Exercise("Chapter09.Rope", Total = 5, Forbidden = new[] { "Attention.Rope" })]
public static class RopeHidden
{
    [Check(Points = 2)]
    public static void Eight_wide_vector_at_position_37_matches_the_library(Learner learner)
    {
        var x = Data.RandomVector(8, seed: 901);
        var expected = Data.Row(Data.ToArray(Attention.Rope.Apply(Data.ToMatrix(Data.Rows(x)), startPosition: 37)), 0);
        Expect.Close(expected, learner.Call<float[]>(x, 37), 1e-4f);
    }
}

[Exercise("Chapter09.AlibiBias", Total = 4, Forbidden = new[] { "Attention.Alibi" })]
public static class AlibiBiasHidden
{
    [Check(Points = 1)]
    public static void Nine_positions_match_the_library(Learner learner) =>
        Expect.Close(Data.ToArray(Alibi.Bias(9, 9, 0.0625f)), learner.Call<float[,]>(9, 0.0625f), 1e-6f);

    [Check(Points = 1)]
    public static void An_infinite_slope_is_an_argument_exception(Learner learner) => learner.ExpectArgumentException("slope", 3, float.PositiveInfinity);
}
