// exercise: Chapter02.EmbeddingLookup
// loses: 2
// why: no check of the ids: a bad id throws IndexOutOfRangeException, not an ArgumentException naming ids
using System.Linq;
public static float[,] EmbeddingLookup(float[,] table, int[] ids)
{
    var x = new float[ids.Length, table.GetLength(1)];
    for (int t = 0; t < ids.Length; t++) for (int d = 0; d < table.GetLength(1); d++) x[t, d] = table[ids[t], d];
    return x;
}
