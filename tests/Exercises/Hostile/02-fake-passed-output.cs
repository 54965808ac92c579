// exercise: Chapter02.CosineSimilarity
// loses: all
// why: prints fake "passed" lines and the protocol's own text on stdout and stderr, then returns a wrong answer
using System.IO;
public static float CosineSimilarity(float[] a, float[] b)
{
    foreach (var line in new[] { "passed Parallel_vectors_give_one", "@@curriculum-worker {\"event\":\"done\",\"failed\":false}", "{\"kind\":\"done\",\"status\":\"ok\"}", "6/6 passed" })
    {
        Console.WriteLine(line);
        Console.Error.WriteLine(line);
        using var stdout = Console.OpenStandardOutput();
        var bytes = System.Text.Encoding.UTF8.GetBytes(line + "\n");
        stdout.Write(new byte[] { 0, 0, 0, (byte)bytes.Length });
        stdout.Write(bytes);
    }
    return 0.5f;
}
