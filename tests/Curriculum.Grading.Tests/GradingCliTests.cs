using System.Text.Json;

namespace Curriculum.Grading.Tests;

/// <summary>The instructor's commands as typed (docs/grading.md): grade a folder of submissions, regrade one learner,
/// merge result folders, and one-line errors with exit code 2 for bad arguments.</summary>
public class GradingCliTests
{
    [Fact]
    public void Grade_then_regrade_one_learner_then_merge_gives_the_gradebook_an_instructor_reads()
    {
        var work = Directory.CreateTempSubdirectory("grading-cli-").FullName;
        try
        {
            var submissions = Path.Combine(work, "submissions");
            CopyChapters(Repo.Layout.Solutions, Path.Combine(submissions, "Ada Lovelace"));   // every exercise done
            CopyChapters(Repo.Layout.Exercises, Path.Combine(submissions, "bob"));            // the untouched stubs
            var first = Path.Combine(work, "grades");

            var (code, output) = Curriculum(work, "grade", submissions, "--out", first);

            Assert.True(code == 0, output);
            var totals = Totals(first);
            Assert.Equal(["Ada Lovelace", "bob"], totals.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(totals["Ada Lovelace"].Possible, totals["Ada Lovelace"].Points);
            Assert.Equal(0, totals["bob"].Points);
            Assert.True(File.Exists(Path.Combine(first, "feedback", Gradebook.SafeName("Ada Lovelace") + ".html")));
            Assert.StartsWith("submission,exercise,points,possible,status,message", File.ReadAllText(Path.Combine(first, "gradebook.csv")).TrimStart('\uFEFF'), StringComparison.Ordinal);

            // Bob hands in chapter 1 late: regrade only him into another folder, then merge the two.
            File.Copy(Path.Combine(Repo.Layout.Solutions, "Chapter01.cs"), Path.Combine(submissions, "bob", "Chapter01.cs"), overwrite: true);
            var late = Path.Combine(work, "late");
            (code, output) = Curriculum(work, "grade", submissions, "--out", late, "--only", "bob");
            Assert.True(code == 0, output);
            Assert.Equal(["bob"], Totals(late).Keys);
            var merged = Path.Combine(work, "merged");
            (code, output) = Curriculum(work, "merge", first, late, "--out", merged);
            Assert.True(code == 0, output);

            var after = Totals(merged);
            Assert.Equal(totals["Ada Lovelace"], after["Ada Lovelace"]);
            Assert.Equal(12, after["bob"].Points);   // chapter 1: two exercises of 6 points each
        }
        finally { Directory.Delete(work, true); }
    }

    [Theory]
    [InlineData("grade", "no-such-folder", "--out", "x")]
    [InlineData("grade", ".", "--only", "nobody", "--out", "x")]
    [InlineData("grade", ".")]
    [InlineData("merge", "no-such-folder", "--out", "x")]
    public void A_bad_argument_gives_one_line_and_exit_code_2(params string[] arguments)
    {
        var work = Directory.CreateTempSubdirectory("grading-cli-").FullName;
        try
        {
            var (code, output) = Curriculum(work, arguments);

            Assert.True(code == 2, output);
            Assert.Single(output.Trim().Split('\n'));
            Assert.StartsWith("curriculum: ", output, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(work, "x")), "a failed command must not leave a half-written gradebook");
        }
        finally { Directory.Delete(work, true); }
    }

    private static (int Code, string Output) Curriculum(string workingDirectory, params string[] arguments) =>
        Repo.Run(workingDirectory, "dotnet", [Repo.Curriculum, .. arguments]);

    private static void CopyChapters(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "Chapter*.cs"))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    private static Dictionary<string, (int Points, int Possible)> Totals(string gradesFolder)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(gradesFolder, "gradebook.json")));
        return json.RootElement.GetProperty("totals").EnumerateArray().ToDictionary(
            t => t.GetProperty("submission").GetString()!,
            t => (t.GetProperty("points").GetInt32(), t.GetProperty("possible").GetInt32()));
    }
}
