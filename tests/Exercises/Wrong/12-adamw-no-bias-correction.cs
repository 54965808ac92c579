// exercise: Chapter12.AdamWStep
// loses: 5
// why: no bias correction: m and v start at 0, so early steps use m ≈ 0.1·g and √v ≈ 0.03·|g|, and the first step is √10 ≈ 3.2 times too large
public static float[] AdamWStep(float[] parameters, float[] gradients, float[] m, float[] v, int step, float learningRate, float weightDecay)
{
    int n = parameters.Length;
    if (gradients.Length != n) throw new ArgumentException("gradients", nameof(gradients));
    if (m.Length != n) throw new ArgumentException("m", nameof(m));
    if (v.Length != n) throw new ArgumentException("v", nameof(v));
    if (step < 1) throw new ArgumentOutOfRangeException(nameof(step));
    var updated = new float[n];
    for (int i = 0; i < n; i++)
    {
        float mean = 0.9f * m[i] + 0.1f * gradients[i], meanSquare = 0.999f * v[i] + 0.001f * gradients[i] * gradients[i];
        updated[i] = parameters[i] * (1 - learningRate * weightDecay) - learningRate * mean / (MathF.Sqrt(meanSquare) + 1e-8f);
    }
    return updated;
}
