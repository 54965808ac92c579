// exercise: Chapter12.AttentionBackward
// loses: 2
// why: the recomputed softmax has no guard for a fully masked row: e^(−∞ − (−∞)) is NaN, and the NaN reaches dQ and every entry of dK
private static float[,] Weights(float[,] queries, float[,] keys, bool[,]? mask, float scale)
{
    int t = queries.GetLength(0), s = keys.GetLength(0), dK = queries.GetLength(1);
    var weights = new float[t, s];
    for (int i = 0; i < t; i++)
    {
        float max = float.NegativeInfinity, sum = 0;
        for (int j = 0; j < s; j++)
        {
            float dot = 0;
            for (int d = 0; d < dK; d++) dot += queries[i, d] * keys[j, d];
            weights[i, j] = mask is not null && !mask[i, j] ? float.NegativeInfinity : dot * scale;
            max = MathF.Max(max, weights[i, j]);
        }
        for (int j = 0; j < s; j++) { weights[i, j] = MathF.Exp(weights[i, j] - max); sum += weights[i, j]; }
        for (int j = 0; j < s; j++) weights[i, j] /= sum;
    }
    return weights;
}
