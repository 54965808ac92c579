using System.Globalization;

namespace Curriculum.Grading.Testing;

/// <summary>
/// Comparisons for checks. Messages name the first difference only (position, expected, got), so a hidden check's
/// inputs never reach feedback. NaN equals NaN and ±∞ equals itself; other values must agree within
/// <c>tolerance · max(1, |expected|)</c>.
/// </summary>
public static class Expect
{
    /// <summary>Scalars.</summary>
    public static void Close(float expected, float actual, float tolerance, string what = "result")
    {
        if (!Near(expected, actual, tolerance))
            throw new CheckFailedException($"{what}: expected {F(expected)}, got {F(actual)} (tolerance {F(tolerance)})");
    }

    /// <summary>Vectors, shape (N).</summary>
    public static void Close(float[] expected, float[]? actual, float tolerance, string what = "result")
    {
        if (actual is null) throw new CheckFailedException($"{what}: expected an array of length {expected.Length}, got null");
        if (actual.Length != expected.Length)
            throw new CheckFailedException($"{what}: expected length {expected.Length}, got length {actual.Length}");
        for (int i = 0; i < expected.Length; i++)
            if (!Near(expected[i], actual[i], tolerance))
                throw new CheckFailedException($"{what}[{i}]: expected {F(expected[i])}, got {F(actual[i])} (tolerance {F(tolerance)})");
    }

    /// <summary>Matrices, shape (R, C).</summary>
    public static void Close(float[,] expected, float[,]? actual, float tolerance, string what = "result")
    {
        if (actual is null) throw new CheckFailedException($"{what}: expected a {Shape(expected)} matrix, got null");
        if (actual.GetLength(0) != expected.GetLength(0) || actual.GetLength(1) != expected.GetLength(1))
            throw new CheckFailedException($"{what}: expected shape {Shape(expected)}, got {Shape(actual)}");
        for (int r = 0; r < expected.GetLength(0); r++)
            for (int c = 0; c < expected.GetLength(1); c++)
                if (!Near(expected[r, c], actual[r, c], tolerance))
                    throw new CheckFailedException($"{what}[{r}, {c}]: expected {F(expected[r, c])}, got {F(actual[r, c])} (tolerance {F(tolerance)})");
    }

    /// <summary>Boolean matrices, exactly.</summary>
    public static void Equal(bool[,] expected, bool[,]? actual, string what = "result")
    {
        if (actual is null) throw new CheckFailedException($"{what}: expected a {Shape(expected)} mask, got null");
        if (actual.GetLength(0) != expected.GetLength(0) || actual.GetLength(1) != expected.GetLength(1))
            throw new CheckFailedException($"{what}: expected shape {Shape(expected)}, got ({actual.GetLength(0)}, {actual.GetLength(1)})");
        for (int r = 0; r < expected.GetLength(0); r++)
            for (int c = 0; c < expected.GetLength(1); c++)
                if (expected[r, c] != actual[r, c])
                    throw new CheckFailedException($"{what}[{r}, {c}]: expected {expected[r, c].ToString().ToLowerInvariant()}, got {actual[r, c].ToString().ToLowerInvariant()}");
    }

    /// <summary>A condition with the learner-readable message to show when it fails.</summary>
    public static void True(bool condition, string message)
    {
        if (!condition) throw new CheckFailedException(message);
    }

    private static bool Near(float expected, float actual, float tolerance)
    {
        if (float.IsNaN(expected) || float.IsNaN(actual)) return float.IsNaN(expected) && float.IsNaN(actual);
        if (float.IsInfinity(expected) || float.IsInfinity(actual)) return expected == actual;
        return MathF.Abs(expected - actual) <= tolerance * MathF.Max(1f, MathF.Abs(expected));
    }

    private static string Shape(Array a) => a.Rank == 2 ? $"({a.GetLength(0)}, {a.GetLength(1)})" : $"({a.Length})";

    private static string F(float f) => f.ToString("G6", CultureInfo.InvariantCulture);
}
