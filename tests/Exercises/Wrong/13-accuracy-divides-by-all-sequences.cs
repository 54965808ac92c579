// exercise: Chapter13.AccuracyByPosition
// loses: 4
// why: divides by every sequence instead of the sequences that score the position, so unscored positions count as
// wrong: a position nobody scores reads 0 instead of NaN, and partly scored positions read too low
public static float[] AccuracyByPosition(int[] predicted, int[] targets, int seqLen)
{
    ArgumentNullException.ThrowIfNull(predicted);
    ArgumentNullException.ThrowIfNull(targets);
    if (targets.Length != predicted.Length) throw new ArgumentException("lengths differ", nameof(targets));
    if (seqLen <= 0 || predicted.Length % seqLen != 0) throw new ArgumentException("bad seqLen", nameof(seqLen));
    int sequences = predicted.Length / seqLen;
    var accuracy = new float[seqLen];
    for (int i = 0; i < predicted.Length; i++)
        if (targets[i] >= 0 && predicted[i] == targets[i]) accuracy[i % seqLen] += 1f / sequences;
    return accuracy;
}
