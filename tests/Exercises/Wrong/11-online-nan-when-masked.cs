// exercise: Chapter11.OnlineSoftmaxTwoBlocks
// loses: 2
// why: no check for a block whose maximum is still −∞: e^(−∞ − (−∞)) is NaN, so a fully masked block poisons the output
public static float[] OnlineSoftmaxTwoBlocks(float[] scores, float[,] values, int split)
{
    int keys = scores.Length, dV = values.GetLength(1);
    if (values.GetLength(0) != keys) throw new ArgumentException("values", nameof(values));
    if (split < 0 || split > keys) throw new ArgumentOutOfRangeException(nameof(split));
    float max = float.NegativeInfinity, sum = 0;
    var output = new float[dV];
    foreach (var (start, end) in new[] { (0, split), (split, keys) })
    {
        if (start == end) continue;
        float newMax = max;
        for (int s = start; s < end; s++) newMax = MathF.Max(newMax, scores[s]);
        float rescale = MathF.Exp(max - newMax);
        sum *= rescale;
        for (int j = 0; j < dV; j++) output[j] *= rescale;
        for (int s = start; s < end; s++)
        {
            float p = MathF.Exp(scores[s] - newMax);
            sum += p;
            for (int j = 0; j < dV; j++) output[j] += p * values[s, j];
        }
        max = newMax;
    }
    for (int j = 0; j < dV; j++) output[j] /= sum;
    return output;
}
