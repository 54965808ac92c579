// exercise: Chapter02.CosineSimilarity
// loses: 2
// why: no ε clamp on the norms: a zero vector gives 0/0 = NaN
using System.Linq;
public static float CosineSimilarity(float[] a, float[] b)
{
    if (a.Length != b.Length) throw new ArgumentException("length mismatch", nameof(b));
    float dot = 0, na = 0, nb = 0;
    for (int i = 0; i < a.Length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
    return dot / (MathF.Sqrt(na) * MathF.Sqrt(nb));
}
