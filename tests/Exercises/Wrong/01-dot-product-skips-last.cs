// exercise: Chapter01.DotProduct
// loses: 5
// why: an off-by-one loop bound skips the last element (the length check still works)
using System.Linq;
public static float DotProduct(float[] a, float[] b)
{
    if (a.Length != b.Length) throw new ArgumentException("length mismatch", nameof(b));
    float sum = 0;
    for (int i = 0; i < a.Length - 1; i++) sum += a[i] * b[i];
    return sum;
}
