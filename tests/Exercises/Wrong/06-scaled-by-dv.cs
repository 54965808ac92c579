// exercise: Chapter06.ScaledDotProductAttention
// loses: 5
// why: scales by √Dv (the values' width) instead of √Dk; only visible when Dv ≠ Dk
using System.Linq;
public static float[,] ScaledDotProductAttention(float[,] queries, float[,] keys, float[,] values)
{
    int t = queries.GetLength(0), dK = queries.GetLength(1), s = keys.GetLength(0);
    if (keys.GetLength(1) != dK) throw new ArgumentException("width mismatch", nameof(keys));
    if (values.GetLength(0) != s) throw new ArgumentException("row mismatch", nameof(values));
    float scale = 1f / MathF.Sqrt(values.GetLength(1));
    var weights = new float[t, s];
    for (int i = 0; i < t; i++)
    {
        for (int j = 0; j < s; j++) { float sum = 0; for (int k = 0; k < dK; k++) sum += queries[i, k] * keys[j, k]; weights[i, j] = sum * scale; }
        float max = Enumerable.Range(0, s).Max(j => weights[i, j]), total = 0;
        for (int j = 0; j < s; j++) { weights[i, j] = MathF.Exp(weights[i, j] - max); total += weights[i, j]; }
        for (int j = 0; j < s; j++) weights[i, j] /= total;
    }
    return WeightedSum(weights, values);
}
