// exercise: Chapter11.SlidingWindowMask
// loses: 3
// why: |t − s| < halfWindow instead of ≤, so each query sees one neighbour too few on each side
public static bool[,] SlidingWindowMask(int seqLen, int halfWindow)
{
    if (seqLen <= 0) throw new ArgumentOutOfRangeException(nameof(seqLen));
    if (halfWindow < 0) throw new ArgumentOutOfRangeException(nameof(halfWindow));
    var mask = new bool[seqLen, seqLen];
    for (int t = 0; t < seqLen; t++)
        for (int s = 0; s < seqLen; s++)
            mask[t, s] = Math.Abs(t - s) < halfWindow;
    return mask;
}
