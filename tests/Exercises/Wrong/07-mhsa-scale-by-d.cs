// exercise: Chapter07.MultiHeadSelfAttention
// loses: 4
// why: scales every head by 1/√D instead of 1/√Dk (only right when there is one head)
public static float[,] MultiHeadSelfAttention(float[,] x, float[,] wQ, float[,] wK, float[,] wV, float[,] wO, int numHeads)
{
    int t = x.GetLength(0), d = x.GetLength(1);
    CheckSquare(wQ, d, nameof(wQ)); CheckSquare(wK, d, nameof(wK)); CheckSquare(wV, d, nameof(wV)); CheckSquare(wO, d, nameof(wO));
    if (numHeads < 1 || d % numHeads != 0) throw new ArgumentException("not divisible", nameof(numHeads));
    float[,] q = MatMul(x, wQ), k = MatMul(x, wK), v = MatMul(x, wV);
    int dK = d / numHeads;
    float scale = 1f / MathF.Sqrt(d);
    var merged = new float[t, d];
    var weights = new float[t];
    for (int h = 0; h < numHeads; h++)
        for (int i = 0; i < t; i++)
        {
            float max = float.NegativeInfinity;
            for (int j = 0; j < t; j++)
            {
                float score = 0;
                for (int c = 0; c < dK; c++) score += q[i, h * dK + c] * k[j, h * dK + c];
                weights[j] = score * scale;
                max = MathF.Max(max, weights[j]);
            }
            float sum = 0;
            for (int j = 0; j < t; j++) { weights[j] = MathF.Exp(weights[j] - max); sum += weights[j]; }
            for (int j = 0; j < t; j++)
                for (int c = 0; c < dK; c++) merged[i, h * dK + c] += weights[j] / sum * v[j, h * dK + c];
        }
    return MatMul(merged, wO);
}
