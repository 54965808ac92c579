// exercise: Chapter03.Scores
// loses: 5
// why: computes K·Qᵀ, shape (S, T), instead of Q·Kᵀ
using System.Linq;
public static float[,] Scores(float[,] queries, float[,] keys)
{
    int t = queries.GetLength(0), dK = queries.GetLength(1), s = keys.GetLength(0);
    if (keys.GetLength(1) != dK) throw new ArgumentException("width mismatch", nameof(keys));
    var scores = new float[s, t];
    for (int j = 0; j < s; j++) for (int i = 0; i < t; i++) for (int k = 0; k < dK; k++) scores[j, i] += keys[j, k] * queries[i, k];
    return scores;
}
