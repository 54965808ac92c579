// exercise: Chapter05.Entropy
// loses: 3
// why: computes 0·ln 0 as NaN instead of 0
using System.Linq;
public static float Entropy(float[] weights)
{
    if (weights.Length == 0) throw new ArgumentException("empty", nameof(weights));
    return -weights.Sum(w => w * MathF.Log(w));
}
