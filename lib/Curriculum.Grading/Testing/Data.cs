using Attention;

namespace Curriculum.Grading.Testing;

/// <summary>Inputs and references for checks: seeded random arrays and conversions to and from lib/'s types.</summary>
public static class Data
{
    /// <summary>A seeded N(0, 1) matrix, shape (rows, cols), scaled by <paramref name="scale"/>.</summary>
    public static float[,] Random(int rows, int cols, int seed, float scale = 1f) => ToArray(Matrix.RandomNormal(rows, cols, seed: seed) * scale);

    /// <summary>A seeded N(0, 1) vector, shape (n).</summary>
    public static float[] RandomVector(int n, int seed, float scale = 1f) => Row(Random(1, n, seed, scale), 0);

    /// <summary>A seeded random mask, shape (rows, cols), each entry true with probability <paramref name="keep"/>.</summary>
    public static bool[,] RandomMask(int rows, int cols, int seed, double keep = 0.7)
    {
        var random = new System.Random(seed);
        var mask = new bool[rows, cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                mask[r, c] = random.NextDouble() < keep;
        return mask;
    }

    /// <summary>float[,] → <see cref="Matrix"/>.</summary>
    public static Matrix ToMatrix(float[,] a)
    {
        var m = new Matrix(a.GetLength(0), a.GetLength(1));
        for (int r = 0; r < a.GetLength(0); r++)
            for (int c = 0; c < a.GetLength(1); c++)
                m[r, c] = a[r, c];
        return m;
    }

    /// <summary><see cref="Matrix"/> → float[,].</summary>
    public static float[,] ToArray(Matrix m)
    {
        var a = new float[m.Rows, m.Cols];
        for (int r = 0; r < m.Rows; r++)
            for (int c = 0; c < m.Cols; c++)
                a[r, c] = m[r, c];
        return a;
    }

    /// <summary>bool[,] → <see cref="Mask"/>.</summary>
    public static Mask ToMask(bool[,] a) => Mask.FromArray(a);

    /// <summary>Row r of a matrix, shape (C).</summary>
    public static float[] Row(float[,] a, int r)
    {
        var row = new float[a.GetLength(1)];
        for (int c = 0; c < row.Length; c++) row[c] = a[r, c];
        return row;
    }

    /// <summary>A matrix from rows.</summary>
    public static float[,] Rows(params float[][] rows)
    {
        var a = new float[rows.Length, rows.Length == 0 ? 0 : rows[0].Length];
        for (int r = 0; r < rows.Length; r++)
            for (int c = 0; c < rows[r].Length; c++) a[r, c] = rows[r][c];
        return a;
    }
}
