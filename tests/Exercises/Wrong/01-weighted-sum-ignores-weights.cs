// exercise: Chapter01.WeightedSum
// loses: 3
// why: averages the value rows instead of weighting them
using System.Linq;
public static float[] WeightedSum(float[] weights, float[,] values)
{
    int s = values.GetLength(0), dV = values.GetLength(1);
    if (weights.Length != s) throw new ArgumentException("wrong count", nameof(weights));
    var output = new float[dV];
    for (int j = 0; j < s; j++) for (int d = 0; d < dV; d++) output[d] += values[j, d] / s;
    return output;
}
