namespace Attention;

/// <summary>Where RoPE rotates queries and keys: the position of the first query row and of the first key row.</summary>
/// <param name="QueryStart">Position of query row 0 (S − T when T queries follow a cache of S − T keys). Shape: scalar.</param>
/// <param name="KeyStart">Position of key row 0. Shape: scalar.</param>
/// <param name="Base">The wavelength scale, 10000 in the paper. Shape: scalar.</param>
public sealed record RotaryPositions(int QueryStart = 0, int KeyStart = 0, float Base = 10000f);

public static partial class Backprop
{
    /// <summary>
    /// Backward of RoPE (the forward is <c>Rope.Apply</c>). Each pair is rotated by a fixed
    /// angle θ, y = R(θ)·x, so dx = R(θ)ᵀ·dy = R(−θ)·dy: the gradient is rotated back by the same angle.
    /// </summary>
    /// <param name="dOutput">dL/d(rotated rows). Shape: (T, Dk).</param>
    /// <param name="startPosition">The position of row 0 in the forward. Shape: scalar.</param>
    /// <param name="base">The forward's wavelength scale. Shape: scalar.</param>
    /// <returns>dL/dx. Shape: (T, Dk).</returns>
    public static Matrix RopeBackward(Matrix dOutput, int startPosition = 0, float @base = 10000f)
    {
        ArgumentNullException.ThrowIfNull(dOutput);
        if (dOutput.Cols % 2 != 0)
            throw new ArgumentException($"dOutput is {dOutput.ShapeString} but RoPE rotates column pairs, so dK must be even.", nameof(dOutput));
        if (startPosition < 0)
            throw new ArgumentOutOfRangeException(nameof(startPosition), startPosition, $"startPosition must be at least 0 but is {startPosition}.");
        int dK = dOutput.Cols;
        var dx = new Matrix(dOutput.Rows, dK);
        for (int i = 0; 2 * i < dK; i++)
        {
            double frequency = Math.Pow(@base, -2.0 * i / dK);
            for (int t = 0; t < dOutput.Rows; t++)
            {
                var (sin, cos) = Math.SinCos((double)(startPosition + t) * frequency);
                int at = t * dK + 2 * i;
                float even = dOutput.Data[at], odd = dOutput.Data[at + 1];
                dx.Data[at] = (float)(even * cos + odd * sin);       // R(−θ): the transpose of the forward rotation
                dx.Data[at + 1] = (float)(-even * sin + odd * cos);
            }
        }
        return dx;
    }
}
