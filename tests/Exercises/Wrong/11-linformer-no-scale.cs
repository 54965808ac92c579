// exercise: Chapter11.LinformerAttention
// loses: 5
// why: the scores Q·(E·K)ᵀ are not divided by √Dk, so the weights are too sharp
public static float[,] LinformerAttention(float[,] queries, float[,] keys, float[,] values, float[,] projection)
{
    int t = queries.GetLength(0), dK = queries.GetLength(1), s = keys.GetLength(0), dV = values.GetLength(1), k = projection.GetLength(0);
    if (keys.GetLength(1) != dK) throw new ArgumentException("keys", nameof(keys));
    if (values.GetLength(0) != s) throw new ArgumentException("values", nameof(values));
    if (projection.GetLength(1) != s) throw new ArgumentException("projection", nameof(projection));
    var projectedKeys = new float[k, dK];
    var projectedValues = new float[k, dV];
    for (int i = 0; i < k; i++)
        for (int j = 0; j < s; j++)
        {
            for (int d = 0; d < dK; d++) projectedKeys[i, d] += projection[i, j] * keys[j, d];
            for (int d = 0; d < dV; d++) projectedValues[i, d] += projection[i, j] * values[j, d];
        }
    var output = new float[t, dV];
    var row = new float[k];
    for (int i = 0; i < t; i++)
    {
        float max = float.NegativeInfinity, sum = 0;
        for (int j = 0; j < k; j++)
        {
            float dot = 0;
            for (int d = 0; d < dK; d++) dot += queries[i, d] * projectedKeys[j, d];
            row[j] = dot;
            max = MathF.Max(max, row[j]);
        }
        for (int j = 0; j < k; j++) { row[j] = MathF.Exp(row[j] - max); sum += row[j]; }
        for (int j = 0; j < k; j++)
            for (int d = 0; d < dV; d++) output[i, d] += row[j] / sum * projectedValues[j, d];
    }
    return output;
}
