// exercise: Chapter04.DotProductVariance
// loses: 0
// why: starts a foreground thread that never ends, then answers correctly: the grader must still finish (and kill it)
using System.Threading;
public static float DotProductVariance(float[,] queries, float[,] keys)
{
    new Thread(() => { while (true) Thread.Sleep(1000); }) { IsBackground = false }.Start();
    int t = queries.GetLength(0), dK = queries.GetLength(1), s = keys.GetLength(0);
    if (keys.GetLength(1) != dK) throw new ArgumentException("width mismatch", nameof(keys));
    var dots = new float[t * s];
    for (int i = 0; i < t; i++) for (int j = 0; j < s; j++) { float sum = 0; for (int k = 0; k < dK; k++) sum += queries[i, k] * keys[j, k]; dots[i * s + j] = sum; }
    return Variance(dots);
}
