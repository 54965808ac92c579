// exercise: Chapter10.LayerNorm
// loses: 3
// why: divides the squared deviations by D − 1 (the unbiased variance) where LayerNorm divides by D
public static float[,] LayerNorm(float[,] x, float epsilon)
{
    if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon));
    int t = x.GetLength(0), d = x.GetLength(1);
    if (d == 0) throw new ArgumentException("no columns", nameof(x));
    var output = new float[t, d];
    for (int i = 0; i < t; i++)
    {
        double mean = 0, variance = 0;
        for (int j = 0; j < d; j++) mean += x[i, j];
        mean /= d;
        for (int j = 0; j < d; j++) variance += (x[i, j] - mean) * (x[i, j] - mean);
        variance /= Math.Max(1, d - 1);
        for (int j = 0; j < d; j++) output[i, j] = (float)((x[i, j] - mean) / Math.Sqrt(variance + epsilon));
    }
    return output;
}
