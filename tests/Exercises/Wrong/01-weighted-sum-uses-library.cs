// exercise: Chapter01.WeightedSum
// loses: all
// why: calls the library's matrix product ((1,S) x (S,Dv)) instead of writing the weighted sum
using System.Linq;
public static float[] WeightedSum(float[] weights, float[,] values)
{
    int s = values.GetLength(0), dV = values.GetLength(1);
    if (weights.Length != s) throw new ArgumentException("wrong count", nameof(weights));
    var table = new Attention.Matrix(s, dV);
    for (int j = 0; j < s; j++) for (int d = 0; d < dV; d++) table[j, d] = values[j, d];
    return Attention.Ops.MatMul(Attention.Matrix.FromRows(weights), table).Row(0).ToArray();
}
