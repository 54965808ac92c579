// exercise: Chapter13.InductionScore
// loses: 4
// why: reads weights[t, j], the earlier copy of the query's own token, instead of weights[t, j + 1], the token after it
// (that is a duplicate-token head's score, not an induction head's)
public static float InductionScore(float[,] weights, int[] ids)
{
    ArgumentNullException.ThrowIfNull(weights);
    ArgumentNullException.ThrowIfNull(ids);
    if (weights.GetLength(0) != ids.Length || weights.GetLength(1) != ids.Length)
        throw new ArgumentException("weights must be (T, T)", nameof(weights));
    var lastSeen = new Dictionary<int, int>();
    float sum = 0;
    int scored = 0;
    for (int t = 0; t < ids.Length; t++)
    {
        if (lastSeen.TryGetValue(ids[t], out int previous)) { sum += weights[t, previous]; scored++; }
        lastSeen[ids[t]] = t;
    }
    return scored == 0 ? float.NaN : sum / scored;
}
