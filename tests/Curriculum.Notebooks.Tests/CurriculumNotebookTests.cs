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

        // The run loads solutions/ for the exercises (NotebookRunner): every quick check of the chapter must pass
        // against the reference solutions, or the notebook promises a check that a correct answer fails.
        var check = result.Executed.Cells.Single(c => c.Id?.EndsWith("-exercises-check", StringComparison.Ordinal) == true);
        var summary = check.Outputs.Select(o => NotebookOutputs.Text(o?["data"]?["text/plain"]).Trim().Trim('"')).SingleOrDefault(t => t.EndsWith("checks pass", StringComparison.Ordinal));
        var printed = string.Concat(check.Outputs.Select(o => NotebookOutputs.Text(o?["text"])));
        Assert.True(summary is not null, $"{notebook}: the exercises' check cell shows no \"N / M checks pass\" result\n{printed}");
        var counts = summary.Split(' ');
        Assert.True(counts[0] == counts[2] && counts[0] != "0", $"{notebook}: against the reference solutions only {summary}\n{printed}");
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
