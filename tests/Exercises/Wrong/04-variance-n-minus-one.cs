// exercise: Chapter04.Variance
// loses: 5
// why: divides by N − 1 (the sample variance) instead of N; for one sample it divides by zero
using System.Linq;
public static float Variance(float[] values)
{
    if (values.Length == 0) throw new ArgumentException("empty", nameof(values));
    double mean = values.Average(v => (double)v);
    return (float)(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
}
