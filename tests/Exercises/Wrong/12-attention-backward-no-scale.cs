// exercise: Chapter12.AttentionBackward
// loses: 6
// why: the 1/√Dk of the forward is forgotten in the backward, so dQ and dK are √Dk times too large (dV is right)
public static float[,] AttentionBackward(float[,] queries, float[,] keys, float[,] values, bool[,]? mask, float[,] dOutput, string wrt)
{
    int t = queries.GetLength(0), dK = queries.GetLength(1), s = keys.GetLength(0), dV = values.GetLength(1);
    if (keys.GetLength(1) != dK) throw new ArgumentException("keys", nameof(keys));
    if (values.GetLength(0) != s) throw new ArgumentException("values", nameof(values));
    if (mask is not null && (mask.GetLength(0) != t || mask.GetLength(1) != s)) throw new ArgumentException("mask", nameof(mask));
    if (dOutput.GetLength(0) != t || dOutput.GetLength(1) != dV) throw new ArgumentException("dOutput", nameof(dOutput));
    if (wrt is not ("queries" or "keys" or "values")) throw new ArgumentException("wrt", nameof(wrt));
    var weights = Weights(queries, keys, mask, 1f / MathF.Sqrt(dK));
    if (wrt == "values") return MultiplyTransposedLeft(weights, dOutput);
    var dWeights = MultiplyTransposedRight(dOutput, values);
    var dScores = new float[t, s];
    for (int i = 0; i < t; i++)
    {
        float average = 0;
        for (int j = 0; j < s; j++) average += dWeights[i, j] * weights[i, j];
        for (int j = 0; j < s; j++) dScores[i, j] = weights[i, j] * (dWeights[i, j] - average);
    }
    return wrt == "queries" ? Multiply(dScores, keys) : MultiplyTransposedLeft(dScores, queries);
}
