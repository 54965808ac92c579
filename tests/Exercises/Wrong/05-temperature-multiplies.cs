// exercise: Chapter05.SoftmaxWithTemperature
// loses: 4
// why: multiplies the scores by τ instead of dividing
using System.Linq;
public static float[] SoftmaxWithTemperature(float[] scores, float temperature)
{
    if (!(temperature > 0)) throw new ArgumentOutOfRangeException(nameof(temperature));
    return Softmax(scores.Select(z => z * temperature).ToArray());
}
