using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Attention;

/// <summary>The guards of the public boundary. Every message names the parameter and the shapes involved.</summary>
internal static class ThrowHelper
{
    public static void ThrowIfNotPositive(int value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value <= 0)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive but is {value}.");
    }

    public static void ThrowIfShapesDiffer(Matrix a, Matrix b, string nameA, string nameB)
    {
        ArgumentNullException.ThrowIfNull(a, nameA);
        ArgumentNullException.ThrowIfNull(b, nameB);
        if (a.Rows != b.Rows || a.Cols != b.Cols)
            throw new ArgumentException($"{nameB} is {b.ShapeString} but {nameA} is {a.ShapeString}; they must have the same shape.", nameB);
    }

    public static void ThrowIfShape(Matrix m, int rows, int cols, string name, string expected)
    {
        if (m.Rows != rows || m.Cols != cols)
            throw new ArgumentException($"{name} is {m.ShapeString} but must be ({rows}, {cols}) {expected}.", name);
    }

    /// <summary>
    /// The temperature rule, the same wherever a temperature is accepted: τ must be a positive <i>normal</i> float
    /// (finite, &gt; 0 and at least 2⁻¹²⁶ ≈ 1.18e-38), so that 1/τ is finite too. A subnormal τ
    /// passes "positive and finite" but its reciprocal overflows to ∞ and the softmax returns NaN.
    /// </summary>
    public static void ThrowIfBadTemperature(float temperature, [CallerArgumentExpression(nameof(temperature))] string? name = null)
    {
        if (!(temperature > 0f) || !float.IsNormal(temperature))
            throw new ArgumentOutOfRangeException(name, temperature,
                $"{name} must be a positive normal number (finite, at least 1.17549435E-38, so that 1/{name} is finite) but is {temperature:R}.");
    }

    [DoesNotReturn]
    public static void ThrowArgument(string name, string message) => throw new ArgumentException(message, name);
}
