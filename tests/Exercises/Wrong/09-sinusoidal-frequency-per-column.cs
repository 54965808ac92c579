// exercise: Chapter09.Sinusoidal
// loses: 4
// why: uses the column c instead of the pair's 2i in the exponent, so the cosine of a pair runs at another frequency than its sine
public static float[,] Sinusoidal(int seqLen, int dModel)
{
    if (seqLen < 1) throw new ArgumentOutOfRangeException(nameof(seqLen));
    if (dModel < 1) throw new ArgumentOutOfRangeException(nameof(dModel));
    var pe = new float[seqLen, dModel];
    for (int pos = 0; pos < seqLen; pos++)
        for (int c = 0; c < dModel; c++)
        {
            double angle = pos * Math.Pow(10000, -(double)c / dModel);
            pe[pos, c] = (float)(c % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle));
        }
    return pe;
}
