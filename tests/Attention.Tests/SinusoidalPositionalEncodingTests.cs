using FsCheck;
using FsCheck.Fluent;

namespace Attention.Tests;

public class SinusoidalPositionalEncodingTests
{
    [Fact]
    public void Values_at_positions_0_1_and_2_for_dModel_4_match_hand_worked_sines_and_cosines()
    {
        // D = 4: pair 0 turns at frequency 1, pair 1 at 10000^(−2/4) = 0.01.
        var pe = PositionalEncoding.Sinusoidal(seqLen: 3, dModel: 4);
        float[] expected =
        [
            0f, 1f, 0f, 1f,
            0.84147098f, 0.54030231f, 0.0099998333f, 0.99995000f,
            0.90929743f, -0.41614684f, 0.019998667f, 0.99980001f,
        ];
        Assert.Equal((3, 4), pe.Shape);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], pe.Data[i], 1e-6f);
    }

    [Fact]
    public void Odd_dModel_ends_with_a_lone_sine_column()
    {
        // D = 3: pair 0 at frequency 1, column 2 is sin(pos · 10000^(−2/3)) = sin(pos · 0.0021544347).
        var pe = PositionalEncoding.Sinusoidal(seqLen: 4, dModel: 3);
        Assert.Equal(0.84147098f, pe[1, 0], 1e-6f);
        Assert.Equal(0.54030231f, pe[1, 1], 1e-6f);
        Assert.Equal(0.0021544330f, pe[1, 2], 1e-6f);
        Assert.Equal((float)Math.Sin(3 * Math.Pow(10000, -2.0 / 3)), pe[3, 2], 1e-7f);
    }

    [Fact]
    public void A_smaller_base_changes_the_frequencies_as_the_formula_says()
    {
        var pe = PositionalEncoding.Sinusoidal(seqLen: 6, dModel: 6, @base: 100f);
        for (int pos = 0; pos < 6; pos++)
            for (int i = 0; i < 3; i++)
            {
                double angle = pos / Math.Pow(100, 2.0 * i / 6);
                Assert.Equal(Math.Sin(angle), pe[pos, 2 * i], 1e-6);
                Assert.Equal(Math.Cos(angle), pe[pos, 2 * i + 1], 1e-6);
            }
    }

    [Fact]
    public void Moving_k_positions_on_is_one_fixed_block_rotation_for_every_position()
    {
        const int dModel = 16, maxLen = 600;
        var pe = PositionalEncoding.Sinusoidal(maxLen, dModel);
        // M_k is block diagonal: for pair i with ω = 10000^(−2i/D), [sin(a+ωk), cos(a+ωk)] = [[cos ωk, sin ωk], [−sin ωk, cos ωk]]·[sin a, cos a].
        double[,] RotationFor(int k)
        {
            var m = new double[dModel, dModel];
            for (int i = 0; i < dModel / 2; i++)
            {
                double angle = k * Math.Pow(10000, -2.0 * i / dModel);
                m[2 * i, 2 * i] = Math.Cos(angle);
                m[2 * i, 2 * i + 1] = Math.Sin(angle);
                m[2 * i + 1, 2 * i] = -Math.Sin(angle);
                m[2 * i + 1, 2 * i + 1] = Math.Cos(angle);
            }
            return m;
        }
        var positions = Gen.Choose(0, 299).Zip(Gen.Choose(0, 299)).ToArbitrary();
        Prop.ForAll(positions, pair =>
        {
            var (pos, k) = pair;
            var m = RotationFor(k);
            for (int r = 0; r < dModel; r++)
            {
                double shifted = 0;
                for (int c = 0; c < dModel; c++) shifted += m[r, c] * pe[pos, c];
                if (Math.Abs(shifted - pe[pos + k, r]) > 2e-6) return false;
            }
            return true;
        }).CheckWithFixedSeed();
    }

    [Fact]
    public void Every_row_has_norm_sqrt_of_half_dModel()
    {
        var pe = PositionalEncoding.Sinusoidal(50, 8);
        for (int pos = 0; pos < 50; pos++)
            Assert.Equal(2.0, Math.Sqrt(pe.Row(pos).ToArray().Sum(v => (double)v * v)), 1e-5);
    }

    [Fact]
    public void Bad_input_throws_naming_the_parameter()
    {
        Assert.Equal("seqLen", Assert.Throws<ArgumentOutOfRangeException>(() => PositionalEncoding.Sinusoidal(0, 4)).ParamName);
        Assert.Equal("dModel", Assert.Throws<ArgumentOutOfRangeException>(() => PositionalEncoding.Sinusoidal(4, 0)).ParamName);
        Assert.Equal("base", Assert.Throws<ArgumentOutOfRangeException>(() => PositionalEncoding.Sinusoidal(4, 4, 1f)).ParamName);
        Assert.Equal("base", Assert.Throws<ArgumentOutOfRangeException>(() => PositionalEncoding.Sinusoidal(4, 4, float.NaN)).ParamName);
    }
}
