// exercise: Chapter07.Head
// loses: 4
// why: reads the row-major buffer as (H, T, Dk) without the transpose, so head rows mix the halves of different tokens
public static float[,] Head(float[,] x, int numHeads, int head)
{
    int t = x.GetLength(0), d = x.GetLength(1);
    if (numHeads < 1 || d % numHeads != 0) throw new ArgumentException("not divisible", nameof(numHeads));
    if (head < 0 || head >= numHeads) throw new ArgumentOutOfRangeException(nameof(head));
    int dK = d / numHeads;
    var result = new float[t, dK];
    for (int n = 0; n < t * dK; n++)
    {
        int flat = head * t * dK + n;
        result[n / dK, n % dK] = x[flat / d, flat % d];
    }
    return result;
}
