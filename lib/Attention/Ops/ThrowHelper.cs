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

    [DoesNotReturn]
    public static void ThrowArgument(string name, string message) => throw new ArgumentException(message, name);
}
