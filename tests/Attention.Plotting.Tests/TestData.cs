using Attention;

namespace Attention.Plotting.Tests;

/// <summary>Seeded inputs shared by the plotting tests.</summary>
internal static class TestData
{
    /// <summary>Tokens that need escaping in HTML, JSON and plotly.js text, with a repeated token.</summary>
    public static readonly string[] AwkwardTokens = ["<s>", "the", "\"cat\"", "café", "the", "a&b", "日本"];

    /// <summary>Row-wise softmax of a seeded random matrix, computed naively in double precision. Shape: (rows, cols).</summary>
    public static Matrix RandomWeights(int rows, int cols, int seed)
    {
        var scores = Matrix.RandomNormal(rows, cols, seed);
        var weights = new Matrix(rows, cols);
        for (int r = 0; r < rows; r++)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < cols; c++) max = Math.Max(max, scores[r, c]);
            double sum = 0;
            for (int c = 0; c < cols; c++) sum += Math.Exp(scores[r, c] - max);
            for (int c = 0; c < cols; c++) weights[r, c] = (float)(Math.Exp(scores[r, c] - max) / sum);
        }
        return weights;
    }

    /// <summary>One seeded weights matrix per head. Shape: (H, T, S).</summary>
    public static Tensor3 RandomHeads(int numHeads, int rows, int cols, int seed) =>
        new([.. Enumerable.Range(0, numHeads).Select(h => RandomWeights(rows, cols, seed + h))]);
}
