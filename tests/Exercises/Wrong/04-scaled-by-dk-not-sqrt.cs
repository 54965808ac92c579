// exercise: Chapter04.ScaledScores
// loses: 5
// why: divides by Dk instead of √Dk
using System.Linq;
public static float[,] ScaledScores(float[,] queries, float[,] keys)
{
    int t = queries.GetLength(0), dK = queries.GetLength(1), s = keys.GetLength(0);
    if (keys.GetLength(1) != dK) throw new ArgumentException("width mismatch", nameof(keys));
    var scores = new float[t, s];
    for (int i = 0; i < t; i++) for (int j = 0; j < s; j++) { float sum = 0; for (int k = 0; k < dK; k++) sum += queries[i, k] * keys[j, k]; scores[i, j] = sum / dK; }
    return scores;
}
