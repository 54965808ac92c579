// exercise: Chapter12.AdamWStep
// loses: 5
// why: Adam with L2 regularisation, not AdamW: λ·p is added to the gradient, so the decay is divided by √v like every other gradient instead of shrinking p directly
public static float[] AdamWStep(float[] parameters, float[] gradients, float[] m, float[] v, int step, float learningRate, float weightDecay)
{
    int n = parameters.Length;
    if (gradients.Length != n) throw new ArgumentException("gradients", nameof(gradients));
    if (m.Length != n) throw new ArgumentException("m", nameof(m));
    if (v.Length != n) throw new ArgumentException("v", nameof(v));
    if (step < 1) throw new ArgumentOutOfRangeException(nameof(step));
    double correction1 = 1 - Math.Pow(0.9, step), correction2 = 1 - Math.Pow(0.999, step);
    var updated = new float[n];
    for (int i = 0; i < n; i++)
    {
        float g = gradients[i] + weightDecay * parameters[i];
        float mean = 0.9f * m[i] + 0.1f * g, meanSquare = 0.999f * v[i] + 0.001f * g * g;
        updated[i] = parameters[i] - (float)(learningRate / correction1 * mean / (Math.Sqrt(meanSquare / correction2) + 1e-8));
    }
    return updated;
}
