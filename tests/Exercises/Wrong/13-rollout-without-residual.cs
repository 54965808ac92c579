// exercise: Chapter13.AttentionRollout
// loses: 5
// why: multiplies the raw head-averaged maps, A₂·A₁, without the ½I of the residual connection; a fully masked row
// then re-normalises 0 / 0 into NaN instead of becoming the identity row
public static float[,] AttentionRollout(float[,] first, float[,] second)
{
    ArgumentNullException.ThrowIfNull(first);
    ArgumentNullException.ThrowIfNull(second);
    int seqLen = first.GetLength(0);
    if (first.GetLength(1) != seqLen) throw new ArgumentException("first must be square", nameof(first));
    if (second.GetLength(0) != seqLen || second.GetLength(1) != seqLen) throw new ArgumentException("second must match first", nameof(second));
    var rollout = new float[seqLen, seqLen];
    for (int t = 0; t < seqLen; t++)
    {
        float rowSum = 0;
        for (int s = 0; s < seqLen; s++)
        {
            for (int k = 0; k < seqLen; k++) rollout[t, s] += second[t, k] * first[k, s];
            rowSum += rollout[t, s];
        }
        for (int s = 0; s < seqLen; s++) rollout[t, s] /= rowSum;
    }
    return rollout;
}
