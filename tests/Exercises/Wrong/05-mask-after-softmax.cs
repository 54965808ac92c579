// exercise: Chapter05.MaskedSoftmax
// loses: 5
// why: the mask is applied after the softmax, so the allowed weights no longer sum to 1
using System.Linq;
public static float[,] MaskedSoftmax(float[,] scores, bool[,] mask)
{
    int t = scores.GetLength(0), s = scores.GetLength(1);
    if (mask.GetLength(0) != t || mask.GetLength(1) != s) throw new ArgumentException("shape mismatch", nameof(mask));
    var weights = RowSoftmax(scores);
    for (int i = 0; i < t; i++) for (int j = 0; j < s; j++) if (!mask[i, j]) weights[i, j] = 0;
    return weights;
}
