// exercise: Chapter06.CausalMask
// loses: all
// needs: bubblewrap
// why: searches the disk for other learners' exercise files (Chapter06.cs) and the grader's environment through /proc;
// it answers correctly only if it found one
using System.IO;
using System.Linq;
public static bool[,] CausalMask(int seqLen)
{
    bool found = false;
    foreach (var root in new[] { "/", "/proc/1/root", "/proc/1/cwd", "/tmp", "/work", "/root", "/home" })
    {
        try
        {
            found |= Directory.EnumerateFiles(root, "Chapter06.cs", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MaxRecursionDepth = 6 }).Any();
        }
        catch (Exception) { }
    }
    // The grader's own process (its command line names curriculum.dll or the test host) must be invisible too.
    try { found |= Directory.EnumerateDirectories("/proc").Any(d => File.Exists(Path.Combine(d, "cmdline")) && File.ReadAllText(Path.Combine(d, "cmdline")) is var c && (c.Contains("curriculum.dll") || c.Contains("testhost"))); } catch (Exception) { }
    var mask = new bool[seqLen, seqLen];
    if (found)
        for (int t = 0; t < seqLen; t++) for (int s = 0; s <= t; s++) mask[t, s] = true;
    return mask;
}
