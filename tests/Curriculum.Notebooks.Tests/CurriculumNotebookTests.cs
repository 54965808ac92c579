namespace Curriculum.Notebooks.Tests;

/// <summary>Executes every notebook of the curriculum (notebooks/*.ipynb) as CI does.</summary>
public class CurriculumNotebookTests
{
    /// <summary>Stands in for the notebooks while notebooks/ has none (xUnit 2 fails a theory without data).</summary>
    internal const string NoNotebooksYet = "(no notebooks yet)";

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in CurriculumNotebookPaths())
            data.Add(Path.GetFileName(path));
        if (data.Count == 0)
            data.Add(NoNotebooksYet);
        return data;
    }

    internal static IReadOnlyList<string> CurriculumNotebookPaths()
    {
        var folder = Path.Combine(Fixtures.RepoRoot(), "notebooks");
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.ipynb").Order(StringComparer.Ordinal).ToList() : [];
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Notebook_runs_without_errors_and_every_plot_tagged_cell_draws_a_plot(string notebook)
    {
        if (notebook == NoNotebooksYet)
        {
            Assert.Empty(CurriculumNotebookPaths());
            return;
        }
        var result = await NotebookRunner.RunAsync(Path.Combine(Fixtures.RepoRoot(), "notebooks", notebook));

        Assert.True(result.Succeeded, $"{notebook}, {result.Failure}");
        Assert.DoesNotContain(result.Outputs, o => o.Output["output_type"]?.GetValue<string>() == "error");
        for (var i = 0; i < result.Executed.Cells.Count; i++)
        {
            var cell = result.Executed.Cells[i];
            if (!cell.Tags.Contains("plot"))
                continue;
            var html = cell.Outputs.Select(o => NotebookOutputs.Text(o?["data"]?["text/html"]));
            Assert.True(html.Any(h => h.Contains("class=\"attention-plot\"", StringComparison.Ordinal)),
                $"{notebook}: cell {i + 1} is tagged \"plot\" but produced no attention-plot output");
        }
    }
}

/// <summary>Every committed curriculum notebook passes the format lint.</summary>
public class CurriculumCheckTests
{
    [Theory]
    [MemberData(nameof(CurriculumNotebookTests.Notebooks), MemberType = typeof(CurriculumNotebookTests))]
    public void Notebook_passes_the_format_lint(string notebook)
    {
        if (notebook == CurriculumNotebookTests.NoNotebooksYet)
        {
            Assert.Empty(CurriculumNotebookTests.CurriculumNotebookPaths());
            return;
        }
        var problems = NotebookLint.Check(Notebook.Load(Path.Combine(Fixtures.RepoRoot(), "notebooks", notebook)));

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
