// exercise: Chapter10.FeedForward
// loses: 5
// why: forgets the ReLU, so the two linear layers collapse into one linear map
public static float[,] FeedForward(float[,] x, float[,] w1, float[] b1, float[,] w2, float[] b2)
{
    int t = x.GetLength(0), d = x.GetLength(1), f = w1.GetLength(1);
    if (w1.GetLength(0) != d) throw new ArgumentException("w1 does not fit x", nameof(w1));
    if (b1.Length != f) throw new ArgumentException("b1 does not fit w1", nameof(b1));
    if (w2.GetLength(0) != f) throw new ArgumentException("w2 does not fit w1", nameof(w2));
    int dOut = w2.GetLength(1);
    if (b2.Length != dOut) throw new ArgumentException("b2 does not fit w2", nameof(b2));
    var output = new float[t, dOut];
    for (int i = 0; i < t; i++)
        for (int j = 0; j < dOut; j++)
        {
            float sum = b2[j];
            for (int k = 0; k < f; k++)
            {
                float hidden = b1[k];
                for (int c = 0; c < d; c++) hidden += x[i, c] * w1[c, k];
                sum += hidden * w2[k, j];
            }
            output[i, j] = sum;
        }
    return output;
}
