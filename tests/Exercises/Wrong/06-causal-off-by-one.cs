// exercise: Chapter06.CausalMask
// loses: all
// why: an off-by-one causal mask: a token may not attend to itself (s < t instead of s ≤ t)
using System.Linq;
public static bool[,] CausalMask(int seqLen)
{
    if (seqLen < 1) throw new ArgumentOutOfRangeException(nameof(seqLen));
    var mask = new bool[seqLen, seqLen];
    for (int t = 0; t < seqLen; t++) for (int s = 0; s < t; s++) mask[t, s] = true;
    return mask;
}
