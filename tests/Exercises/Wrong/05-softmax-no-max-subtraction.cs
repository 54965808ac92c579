// exercise: Chapter05.Softmax
// loses: 5
// why: no max subtraction: e^1000 overflows to ∞ and ∞/∞ is NaN
using System.Linq;
public static float[] Softmax(float[] scores)
{
    if (scores.Length == 0) throw new ArgumentException("empty", nameof(scores));
    var w = scores.Select(MathF.Exp).ToArray();
    float sum = w.Sum();
    return w.Select(x => x / sum).ToArray();
}
