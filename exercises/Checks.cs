// Helpers for the "Exercises" section at the end of each chapter: run quick checks on your current code and plot your
// result next to the library's. Not graded; the grader runs its own checks (`curriculum test N`).
// No namespace: notebooks load this file with #load "../exercises/Checks.cs".
using System;
using System.Linq;
using Attention;
using Attention.Plotting;

/// <summary>Quick checks and side-by-side plots for the notebooks' exercise sections.</summary>
public static class Checks
{
    /// <summary>Runs each check and prints one line per check: passed, FAILED, not done yet, or the exception.</summary>
    /// <param name="checks">Names and conditions.</param>
    /// <returns>How many passed, e.g. "2 / 3 checks pass".</returns>
    public static string Show(params (string Name, Func<bool> Passes)[] checks)
    {
        int passed = 0;
        foreach (var (name, passes) in checks)
        {
            string outcome;
            try { outcome = passes() ? "passed" : "FAILED"; }
            catch (NotImplementedException) { outcome = "not done yet"; }
            catch (Exception e) { outcome = $"{e.GetType().Name}: {e.Message}"; }
            if (outcome == "passed") passed++;
            Console.WriteLine($"{outcome,-14} {name}");
        }
        return $"{passed} / {checks.Length} checks pass";
    }

    /// <summary>The result of <paramref name="exercise"/>, or null while it is not done (or throws).</summary>
    public static T? Try<T>(Func<T> exercise) where T : class
    {
        try { return exercise(); }
        catch (Exception) { return null; }
    }

    /// <summary>True when the call throws an <see cref="ArgumentException"/> (a stub's "not done yet" passes through).</summary>
    public static bool Throws(Action call)
    {
        try { call(); }
        catch (NotImplementedException) { throw; }
        catch (ArgumentException) { return true; }
        return false;
    }

    /// <summary>Scalars within <paramref name="tolerance"/>.</summary>
    public static bool Close(float actual, float expected, float tolerance = 1e-4f) => MathF.Abs(actual - expected) <= tolerance;

    /// <summary>Vectors of equal length, entries within <paramref name="tolerance"/>.</summary>
    public static bool Close(float[] actual, float[] expected, float tolerance = 1e-4f) =>
        actual.Length == expected.Length && actual.Zip(expected).All(p => MathF.Abs(p.First - p.Second) <= tolerance);

    /// <summary>Matrices of equal shape, entries within <paramref name="tolerance"/>.</summary>
    public static bool Close(float[,] actual, float[,] expected, float tolerance = 1e-4f) =>
        actual.GetLength(0) == expected.GetLength(0) && actual.GetLength(1) == expected.GetLength(1)
        && actual.Cast<float>().Zip(expected.Cast<float>()).All(p => MathF.Abs(p.First - p.Second) <= tolerance);

    /// <summary>float[,] → <see cref="Matrix"/>, shape (R, C).</summary>
    public static Matrix ToMatrix(float[,] a) => Matrix.FromRows(Enumerable.Range(0, a.GetLength(0)).Select(r => Enumerable.Range(0, a.GetLength(1)).Select(c => a[r, c]).ToArray()).ToArray());

    /// <summary><see cref="Matrix"/> → float[,], shape (R, C).</summary>
    public static float[,] ToArray(Matrix m)
    {
        var a = new float[m.Rows, m.Cols];
        for (int r = 0; r < m.Rows; r++) for (int c = 0; c < m.Cols; c++) a[r, c] = m[r, c];
        return a;
    }

    /// <summary>The library's vector next to yours, as two bar charts (yours empty while not done).</summary>
    public static Figure SideBySide(string[] labels, float[]? yours, float[] library, string title) =>
        Plot.Grid([Plot.Bar(labels, library, title: "library"),
                   Plot.Bar(labels, yours ?? new float[labels.Length], title: yours is null ? "yours: not done yet" : "yours")], columns: 2, title: title);

    /// <summary>The library's matrix next to yours, as two heatmaps on one colour scale (yours all zero while not done).</summary>
    public static Figure SideBySide(float[,]? yours, Matrix library, string title) =>
        Plot.Grid([Plot.Heatmap(library, title: "library"),
                   Plot.Heatmap(yours is null ? new Matrix(library.Rows, library.Cols) : ToMatrix(yours), title: yours is null ? "yours: not done yet" : "yours")],
                  columns: 2, title: title, shareColorScale: true);
}
