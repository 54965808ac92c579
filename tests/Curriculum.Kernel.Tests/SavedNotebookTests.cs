using System.Text.Json.Nodes;
using Curriculum.Notebooks;

namespace Curriculum.Kernel.Tests;

/// <summary>A notebook a Jupyter front end saved with this kernel carries its language_info; it is not "broken".</summary>
public class SavedNotebookTests
{
    private static string Chapter6 => Path.Combine(RepoRoot(), "notebooks", "06-scaled-dot-product-attention.ipynb");

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Curriculum.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Curriculum.sln not found above " + AppContext.BaseDirectory);
    }

    private static IReadOnlyList<LintProblem> LintWithLanguageInfo(JsonObject languageInfo)
    {
        var json = JsonNode.Parse(File.ReadAllText(Chapter6))!.AsObject();
        json["metadata"]!["language_info"] = languageInfo;
        var path = Path.Combine(Directory.CreateTempSubdirectory("saved-").FullName, "06.ipynb");
        File.WriteAllText(path, json.ToJsonString());
        return NotebookLint.Check(Notebook.Load(path));
    }

    [Fact]
    public void The_kernels_language_info_passes_the_lint() =>
        Assert.Empty(LintWithLanguageInfo(KernelInfo.LanguageInfo()));

    [Fact]
    public void Another_language_info_is_still_reported() =>
        Assert.Contains(LintWithLanguageInfo(new JsonObject { ["name"] = "python" }), p => p.ToString().Contains("language_info"));
}
