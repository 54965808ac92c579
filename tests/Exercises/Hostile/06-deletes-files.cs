// exercise: Chapter06.WeightedSum
// loses: all
// needs: bubblewrap
// why: deletes the files beside it (its own build, the host's folder); it answers correctly only if a delete worked
using System.IO;
public static float[,] WeightedSum(float[,] weights, float[,] values)
{
    bool deleted = false;
    foreach (var folder in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(Chapter06).Assembly.Location) ?? "" })
    {
        try
        {
            foreach (var file in Directory.GetFiles(folder, "*.deps.json"))
            {
                try { File.Delete(file); deleted = true; } catch (Exception) { }
            }
        }
        catch (Exception) { }
    }
    var output = new float[weights.GetLength(0), values.GetLength(1)];
    if (!deleted) return output;
    for (int i = 0; i < weights.GetLength(0); i++)
        for (int j = 0; j < weights.GetLength(1); j++)
            for (int d = 0; d < values.GetLength(1); d++) output[i, d] += weights[i, j] * values[j, d];
    return output;
}
