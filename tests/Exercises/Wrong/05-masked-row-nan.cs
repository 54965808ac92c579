// exercise: Chapter05.MaskedSoftmax
// loses: 2
// why: a fully masked row becomes NaN (−∞ − (−∞)) instead of all-zero weights
using System.Linq;
public static float[,] MaskedSoftmax(float[,] scores, bool[,] mask)
{
    int t = scores.GetLength(0), s = scores.GetLength(1);
    if (mask.GetLength(0) != t || mask.GetLength(1) != s) throw new ArgumentException("shape mismatch", nameof(mask));
    var blocked = new float[t, s];
    for (int i = 0; i < t; i++) for (int j = 0; j < s; j++) blocked[i, j] = mask[i, j] ? scores[i, j] : float.NegativeInfinity;
    return RowSoftmax(blocked);
}
