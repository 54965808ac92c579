// exercise: Chapter08.CausalAverage
// loses: 4
// why: divides every running sum by the full length T instead of by the t + 1 rows seen so far
public static float[,] CausalAverage(float[,] x)
{
    int t = x.GetLength(0), d = x.GetLength(1);
    if (t == 0 || d == 0) throw new ArgumentException("empty", nameof(x));
    var output = new float[t, d];
    var sum = new float[d];
    for (int i = 0; i < t; i++)
        for (int j = 0; j < d; j++)
        {
            sum[j] += x[i, j];
            output[i, j] = sum[j] / t;
        }
    return output;
}
