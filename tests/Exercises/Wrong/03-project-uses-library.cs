// exercise: Chapter03.Project
// loses: all
// why: calls the library's matrix product (Ops.MatMul) instead of writing the projection
using System.Linq;
public static float[,] Project(float[,] x, float[,] weights)
{
    if (weights.GetLength(0) != x.GetLength(1)) throw new ArgumentException("shape mismatch", nameof(weights));
    var product = Attention.Ops.MatMul(ToMatrix(x), ToMatrix(weights));
    var result = new float[product.Rows, product.Cols];
    for (int r = 0; r < product.Rows; r++) for (int c = 0; c < product.Cols; c++) result[r, c] = product[r, c];
    return result;
}

private static Attention.Matrix ToMatrix(float[,] a)
{
    var m = new Attention.Matrix(a.GetLength(0), a.GetLength(1));
    for (int r = 0; r < a.GetLength(0); r++) for (int c = 0; c < a.GetLength(1); c++) m[r, c] = a[r, c];
    return m;
}
