// exercise: Chapter05.RowSoftmax
// loses: all
// why: softmax over the wrong axis: each column sums to 1 instead of each row
using System.Linq;
public static float[,] RowSoftmax(float[,] scores)
{
    int t = scores.GetLength(0), s = scores.GetLength(1);
    if (s == 0) throw new ArgumentException("no columns", nameof(scores));
    var weights = new float[t, s];
    for (int j = 0; j < s; j++)
    {
        var column = Enumerable.Range(0, t).Select(i => scores[i, j]).ToArray();
        var w = Softmax(column);
        for (int i = 0; i < t; i++) weights[i, j] = w[i];
    }
    return weights;
}
