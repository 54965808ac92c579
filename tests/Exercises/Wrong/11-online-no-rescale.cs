// exercise: Chapter11.OnlineSoftmaxTwoBlocks
// loses: 5
// why: when block 2 raises the maximum, ℓ and a from block 1 are not multiplied by e^(m − m'), so block 1's keys weigh too much
public static float[] OnlineSoftmaxTwoBlocks(float[] scores, float[,] values, int split)
{
    int keys = scores.Length, dV = values.GetLength(1);
    if (values.GetLength(0) != keys) throw new ArgumentException("values", nameof(values));
    if (split < 0 || split > keys) throw new ArgumentOutOfRangeException(nameof(split));
    float max = float.NegativeInfinity, sum = 0;
    var output = new float[dV];
    foreach (var (start, end) in new[] { (0, split), (split, keys) })
    {
        float newMax = max;
        for (int s = start; s < end; s++) newMax = MathF.Max(newMax, scores[s]);
        if (float.IsNegativeInfinity(newMax)) continue;
        for (int s = start; s < end; s++)
        {
            float p = MathF.Exp(scores[s] - newMax);
            sum += p;
            for (int j = 0; j < dV; j++) output[j] += p * values[s, j];
        }
        max = newMax;
    }
    if (sum == 0) return output;
    for (int j = 0; j < dV; j++) output[j] /= sum;
    return output;
}
