namespace Curriculum.Notebooks.Tests;

/// <summary>Executes every notebook of the curriculum (notebooks/*.ipynb) as CI does.</summary>
public class CurriculumNotebookTests
{
    /// <summary>Stands in for the notebooks when notebooks/ has none, so that the theory runs and FAILS (an empty or
    /// missing folder must not pass as "every notebook is fine").</summary>
    internal const string NoNotebooks = "(no notebooks found)";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<NotebookRunResult>>> Runs = new();

    /// <summary>Executes a chapter once per test session (this test and the real-chapter browser test share it).</summary>
    internal static Task<NotebookRunResult> RunChapterAsync(string file) =>
        Runs.GetOrAdd(file, f => new Lazy<Task<NotebookRunResult>>(() => NotebookRunner.RunAsync(Path.Combine(Fixtures.RepoRoot(), "notebooks", f)))).Value;

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in CurriculumNotebookPaths())
            data.Add(Path.GetFileName(path));
        if (data.Count == 0)
            data.Add(NoNotebooks);
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
        Assert.True(notebook != NoNotebooks, $"no notebooks in {Path.Combine(Fixtures.RepoRoot(), "notebooks")}: the curriculum tests need its chapters");
        var result = await RunChapterAsync(notebook);

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
        Assert.True(notebook != CurriculumNotebookTests.NoNotebooks, "no notebooks in notebooks/: the format lint has nothing to check");
        var problems = NotebookLint.Check(Notebook.Load(Path.Combine(Fixtures.RepoRoot(), "notebooks", notebook)));

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
