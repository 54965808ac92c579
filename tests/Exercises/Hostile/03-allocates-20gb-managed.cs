// exercise: Chapter03.Scores
// loses: all
// why: allocates 20 GB of managed arrays (and touches them); the heap limit stops it
using System.Collections.Generic;
public static float[,] Scores(float[,] queries, float[,] keys)
{
    var hoard = new List<float[]>();
    for (int i = 0; i < 80; i++)
    {
        var chunk = new float[64 << 20];                       // 256 MB each, 20 GB in all
        for (int j = 0; j < chunk.Length; j += 1024) chunk[j] = 1;
        hoard.Add(chunk);
    }
    return new float[hoard.Count, 1];
}
