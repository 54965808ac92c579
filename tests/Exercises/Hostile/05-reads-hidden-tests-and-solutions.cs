// exercise: Chapter05.RowSoftmax
// loses: all
// needs: bubblewrap
// why: looks for the hidden tests and the solutions by absolute path, from its own folder upwards and through /proc;
// it answers correctly only if it could read one, so a leak would show as points it should not have
using System.IO;
using System.Linq;
public static float[,] RowSoftmax(float[,] scores)
{
    var starts = new[] { AppContext.BaseDirectory, Environment.CurrentDirectory, "/proc/self/cwd", "/proc/1/cwd", "/proc/1/root", "/work", "/root", "/home", "/tmp" };
    bool leaked = false;
    foreach (var start in starts)
    {
        try
        {
            for (var dir = new DirectoryInfo(start); dir is not null && !leaked; dir = dir.Parent)
                leaked |= File.Exists(Path.Combine(dir.FullName, "tests", "Exercises", "Hidden", "Chapter05.cs")) && File.ReadAllText(Path.Combine(dir.FullName, "tests", "Exercises", "Hidden", "Chapter05.cs")).Length > 0
                       || File.Exists(Path.Combine(dir.FullName, "solutions", "Chapter05.cs")) && File.ReadAllText(Path.Combine(dir.FullName, "solutions", "Chapter05.cs")).Length > 0;
        }
        catch (Exception) { }
    }
    int t = scores.GetLength(0), s = scores.GetLength(1);
    var weights = new float[t, s];
    if (!leaked) return weights;
    for (int i = 0; i < t; i++)
    {
        var w = Softmax(Enumerable.Range(0, s).Select(j => scores[i, j]).ToArray());
        for (int j = 0; j < s; j++) weights[i, j] = w[j];
    }
    return weights;
}
