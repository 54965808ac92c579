using System.Text;
using System.Text.RegularExpressions;

namespace Curriculum.Grading.Tests;

public partial class ReleaseTests
{
    [Fact]
    public void The_release_holds_no_solution_or_hidden_test_text_binaries_included()
    {
        var outDir = Path.Combine(Path.GetTempPath(), "curriculum-release-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var files = Release.Write(Repo.Layout, outDir, withSolutions: false);
            Assert.Contains("exercises/Chapter05.cs", files);
            Assert.Contains("tests/Exercises/Public/Chapter05.cs", files);
            Assert.Contains("notebooks/05-softmax.ipynb", files);
            Assert.Contains("notebooks/weights/induction-2layer.tgpt", files);    // chapter 13 loads the shipped weights
            Assert.Contains("notebooks/weights/manifest.json", files);
            Assert.DoesNotContain(files, f => f.StartsWith("solutions/", StringComparison.Ordinal) || f.Contains("/Hidden/") || f.Contains("/Wrong/") || f.Contains("/Hostile/")
                                              || f.Contains("/bin/") || f.Contains("/obj/") || f.StartsWith("artifacts/", StringComparison.Ordinal) || f.StartsWith(".git", StringComparison.Ordinal));

            Assert.Empty(Leaks(outDir));
            Assert.True(Directory.GetFiles(outDir, "*", SearchOption.AllDirectories).Length == files.Count);
        }
        finally { if (Directory.Exists(outDir)) Directory.Delete(outDir, true); }
    }

    [Fact]
    public void The_leak_scanner_catches_a_release_with_solutions_and_a_planted_hidden_check()
    {
        var outDir = Path.Combine(Path.GetTempPath(), "curriculum-release-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Release.Write(Repo.Layout, outDir, withSolutions: true);
            // A hidden check file hidden inside a binary, as UTF-16 (how .NET stores string literals).
            var planted = Path.Combine(outDir, "lib", "Attention", "planted.bin");
            File.WriteAllBytes(planted, [0, 1, 2, .. Encoding.Unicode.GetBytes(File.ReadAllText(Path.Combine(Repo.Layout.HiddenTests, "Chapter05.cs"))), 0xff]);

            var leaks = Leaks(outDir);
            Assert.Contains(leaks, l => l.StartsWith("solutions/Chapter05.cs: ", StringComparison.Ordinal));
            Assert.Contains(leaks, l => l.StartsWith("lib/Attention/planted.bin: ", StringComparison.Ordinal));
            Assert.All(leaks, l => Assert.True(l.StartsWith("solutions/", StringComparison.Ordinal) || l.StartsWith("lib/Attention/planted.bin", StringComparison.Ordinal), l));
        }
        finally { if (Directory.Exists(outDir)) Directory.Delete(outDir, true); }
    }

    /// <summary>Every file of <paramref name="releaseDir"/> that holds a distinctive line of a solution or hidden check,
    /// as UTF-8 or UTF-16 bytes (binaries included), as "relative/path: line".</summary>
    private static List<string> Leaks(string releaseDir)
    {
        var secrets = Directory.GetFiles(Repo.Layout.Solutions, "Chapter*.cs").Concat(Directory.GetFiles(Repo.Layout.HiddenTests, "*.cs"))
            .SelectMany(f => File.ReadAllLines(f)).Select(l => l.Trim())
            .Where(l => l.Length > 30 && !l.StartsWith("///", StringComparison.Ordinal) && !l.StartsWith("public static", StringComparison.Ordinal) && !l.StartsWith("//", StringComparison.Ordinal) && !l.StartsWith("throw new Argument", StringComparison.Ordinal) && !l.StartsWith("if (", StringComparison.Ordinal) && !l.StartsWith("ArgumentNullException", StringComparison.Ordinal) && !l.StartsWith("[Exercise(", StringComparison.Ordinal))
            .Distinct().ToList();
        // A line that the hand-written public material (notebooks, lib/, the public checks) also contains is common code, not a leak.
        var common = string.Join("\n", Directory.GetFiles(Path.Combine(Repo.Layout.Root, "notebooks"), "*.ipynb")
            .Concat(Directory.GetFiles(Path.Combine(Repo.Layout.Root, "lib"), "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/bin/") && !f.Contains("/obj/")))
            .Concat(Directory.GetFiles(Repo.Layout.PublicTests, "*.cs")).Select(File.ReadAllText));
        secrets = secrets.Where(s => !common.Contains(s, StringComparison.Ordinal) && !common.Contains(s.Replace("\"", "\\\""), StringComparison.Ordinal)).ToList();
        Assert.True(secrets.Count > 50, $"only {secrets.Count} distinctive lines");
        var patterns = secrets.SelectMany(s => new[] { Encoding.UTF8.GetBytes(s), Encoding.Unicode.GetBytes(s) }).ToList();
        var leaks = new List<string>();
        foreach (var file in Directory.GetFiles(releaseDir, "*", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(file);
            var found = patterns.FirstOrDefault(p => bytes.AsSpan().IndexOf(p) >= 0);
            if (found is not null)
                leaks.Add($"{Path.GetRelativePath(releaseDir, file).Replace('\\', '/')}: {Encoding.UTF8.GetString(found)}");
        }
        return leaks;
    }

    [Fact]
    public void The_release_builds_from_its_own_README_in_a_clean_folder_and_its_public_checks_say_not_done()
    {
        var outDir = Path.Combine(Path.GetTempPath(), "curriculum-release-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var (code, output) = Repo.Run(Repo.Layout.Root, "dotnet", Repo.Curriculum, "release", outDir);
            Assert.True(code == 0, output);
            var readme = File.ReadAllText(Path.Combine(outDir, "README.md"));
            var commands = BashBlock().Matches(readme).SelectMany(m => m.Groups[1].Value.Split('\n'))
                .Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0).ToList();
            Assert.Contains(commands, c => c.StartsWith("dotnet build", StringComparison.Ordinal));
            Assert.Contains("./curriculum test 5", commands);
            Assert.Contains("./curriculum kernel install", commands);
            foreach (var command in commands.Where(c => c.StartsWith("dotnet build", StringComparison.Ordinal) || c.EndsWith(" test 5", StringComparison.Ordinal)))
            {
                var parts = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var program = parts[0].StartsWith("./", StringComparison.Ordinal) ? Path.Combine(outDir, parts[0][2..]) : parts[0];
                (code, output) = Repo.Run(outDir, program, [.. parts[1..], .. (parts[1] == "build" ? new[] { "-nologo", "-clp:ErrorsOnly" } : [])]);
                if (parts[1] == "build")
                    Assert.True(code == 0, $"{command}\n{output}");
                else
                {
                    Assert.Equal(1, code);   // not every public check passes yet
                    Assert.Equal(5, Regex.Matches(output, "not done yet").Count);
                    Assert.Contains("0/14 public points", output, StringComparison.Ordinal);
                }
            }
        }
        finally { if (Directory.Exists(outDir)) Directory.Delete(outDir, true); }
    }

    [GeneratedRegex("```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
