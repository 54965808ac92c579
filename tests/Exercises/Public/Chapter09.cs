// Public checks of chapter 9. Run them on your own code: curriculum test 9
[Exercise("Chapter09.Sinusoidal", Total = 5, Forbidden = new[] { "Attention.PositionalEncoding" })]
public static class SinusoidalPublic
{
    [Check(Points = 2)]
    public static void Two_positions_of_width_two(Learner learner) =>
        Expect.Close(Data.Rows([0, 1], [0.84147098f, 0.54030231f]), learner.Call<float[,]>(2, 2), 1e-5f, "PE: sin(pos), cos(pos) at ω = 1");

    [Check(Points = 1)]
    public static void Zero_width_is_an_argument_exception(Learner learner) => learner.ExpectArgumentException("dModel", 3, 0);
}

[Exercise("Chapter09.Rope", Total = 5, Forbidden = new[] { "Attention.Rope" })]
public static class RopePublic
{
    [Check(Points = 2)]
    public static void Position_one_turns_the_only_pair_by_one_radian(Learner learner)
    {
        // Dk = 2: θ = position · 10000^0 = 1 rad, so (1, 0) -> (cos 1, sin 1).
        Expect.Close(new[] { 0.54030231f, 0.84147098f }, learner.Call<float[]>(new[] { 1f, 0f }, 1), 1e-5f, "rotated");
    }

    [Check(Points = 1)]
    public static void Odd_length_is_an_argument_exception(Learner learner) => learner.ExpectArgumentException("x", new[] { 1f, 2f, 3f }, 0);
}

[Exercise("Chapter09.AlibiBias", Total = 4, Forbidden = new[] { "Attention.Alibi" })]
public static class AlibiBiasPublic
{
    [Check(Points = 2)]
    public static void Three_positions_slope_one_half(Learner learner) =>
        Expect.Close(Data.Rows([0, -0.5f, -1], [-0.5f, 0, -0.5f], [-1, -0.5f, 0]), learner.Call<float[,]>(3, 0.5f), 1e-6f, "bias");
}
