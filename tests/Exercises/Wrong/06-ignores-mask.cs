// exercise: Chapter06.MaskedAttention
// loses: 7
// why: ignores its mask (only checks its shape) and attends to every key
using System.Linq;
public static float[,] MaskedAttention(float[,] queries, float[,] keys, float[,] values, bool[,] mask)
{
    int t = queries.GetLength(0), dK = queries.GetLength(1), s = keys.GetLength(0);
    if (mask.GetLength(0) != t || mask.GetLength(1) != s) throw new ArgumentException("shape mismatch", nameof(mask));
    var weights = new float[t, s];
    for (int i = 0; i < t; i++)
    {
        for (int j = 0; j < s; j++) { float sum = 0; for (int k = 0; k < dK; k++) sum += queries[i, k] * keys[j, k]; weights[i, j] = sum / MathF.Sqrt(dK); }
        float max = Enumerable.Range(0, s).Max(j => weights[i, j]), total = 0;
        for (int j = 0; j < s; j++) { weights[i, j] = MathF.Exp(weights[i, j] - max); total += weights[i, j]; }
        for (int j = 0; j < s; j++) weights[i, j] /= total;
    }
    return WeightedSum(weights, values);
}
