// exercise: Chapter09.Rope
// loses: 2
// why: pairs column i with column i + Dk/2 (Llama's Hugging Face layout) instead of the interleaved pairs (2i, 2i+1)
public static float[] Rope(float[] x, int position)
{
    if (x.Length % 2 != 0) throw new ArgumentException("odd", nameof(x));
    if (position < 0) throw new ArgumentOutOfRangeException(nameof(position));
    int half = x.Length / 2;
    var result = new float[x.Length];
    for (int i = 0; i < half; i++)
    {
        double theta = position * Math.Pow(10000, -2.0 * i / x.Length);
        result[i] = (float)(x[i] * Math.Cos(theta) - x[i + half] * Math.Sin(theta));
        result[i + half] = (float)(x[i] * Math.Sin(theta) + x[i + half] * Math.Cos(theta));
    }
    return result;
}
