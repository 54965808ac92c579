using System.Text.Json;
using System.Text.RegularExpressions;

namespace Curriculum.Notebooks.Tests;

/// <summary>
/// The chapter style guide (notebooks/README.md) as checks, so chapters 7–13 follow the same conventions as 1–6:
/// the shared setup cell, objectives, recap, questions, "Try it yourself" last, short code cells, stable cell ids,
/// and a chapter list that matches the files.
/// </summary>
public partial class ChapterStyleTests
{
    private const string SetupCell = "#r \"../artifacts/lib/Attention.dll\"\nusing Attention;\nusing Attention.Plotting;";
    private const int MaxCodeLines = 15;
    private const int MaxLineLength = 120;

    public static TheoryData<string> Notebooks() => CurriculumNotebookTests.Notebooks();

    private static Notebook? Load(string notebook)
    {
        Assert.True(notebook != CurriculumNotebookTests.NoNotebooks, "no notebooks in notebooks/: the style tests have nothing to check");
        return Notebook.Load(Path.Combine(Fixtures.RepoRoot(), "notebooks", notebook));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Chapter_starts_with_the_shared_setup_cell(string notebook)
    {
        if (Load(notebook) is not { } chapter) return;

        var first = chapter.Cells[0];
        Assert.True(first.IsCode, $"{notebook}: the first cell must be the setup code cell");
        Assert.Equal(SetupCell, first.Source.ReplaceLineEndings("\n").Trim());
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Chapter_opens_with_its_numbered_title_and_learning_objectives(string notebook)
    {
        if (Load(notebook) is not { } chapter) return;

        var intro = chapter.Cells.First(c => c.CellType == "markdown").Source;
        var number = int.Parse(notebook[..2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith($"# Chapter {number} — ", intro, StringComparison.Ordinal);
        Assert.Contains("**Learning objectives**", intro, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Chapter_has_recap_questions_and_try_it_yourself_before_the_exercises(string notebook)
    {
        if (Load(notebook) is not { } chapter) return;

        var markdown = string.Join("\n", chapter.Cells.Where(c => c.CellType == "markdown").Select(c => c.Source));
        Assert.Contains("## Recap", markdown, StringComparison.Ordinal);
        Assert.Contains("**Check your understanding**", markdown, StringComparison.Ordinal);
        var headings = HeadingPattern().Matches(markdown).Select(m => m.Value.Trim()).ToList();
        Assert.True(headings.Count >= 2, $"{notebook}: expected \"## Try it yourself\" and \"## Exercises\" headings");
        Assert.Equal(["## Try it yourself", "## Exercises"], headings[^2..]);
    }

    /// <summary>The last section (style guide item 7, docs/writing-exercises.md): what to implement and the one command
    /// that runs the chapter's public checks, a cell that #loads the learner's exercise file and shows which checks pass,
    /// and a plot of the learner's result next to the library's.</summary>
    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Chapter_ends_with_its_exercises_section(string notebook)
    {
        if (Load(notebook) is not { } chapter) return;

        var number = int.Parse(notebook[..2], System.Globalization.CultureInfo.InvariantCulture);
        var start = chapter.Cells.ToList().FindLastIndex(c => c.CellType == "markdown" && c.Source.StartsWith("## Exercises", StringComparison.Ordinal));
        Assert.True(start >= 0, $"{notebook}: no \"## Exercises\" section");
        var section = chapter.Cells.Skip(start).ToList();
        Assert.Equal(3, section.Count);
        Assert.Contains($"exercises/Chapter{number:00}.cs", section[0].Source, StringComparison.Ordinal);
        Assert.Contains($"```bash\ncurriculum test {number}\n```", section[0].Source, StringComparison.Ordinal);
        Assert.True(section[1].IsCode && section[1].Source.StartsWith($"#load \"../exercises/Chapter{number:00}.cs\"", StringComparison.Ordinal),
            $"{notebook}: the exercises' first code cell must start with #load \"../exercises/Chapter{number:00}.cs\"");
        Assert.Contains("Checks.Show(", section[1].Source, StringComparison.Ordinal);
        Assert.True(section[2].IsCode && section[2].Tags.Contains("plot"), $"{notebook}: the exercises' last cell must be a plot cell");
        Assert.Contains("Checks.SideBySide(", section[2].Source, StringComparison.Ordinal);
        Assert.True(ShapeCheckPattern().IsMatch(section[2].Source),
            $"{notebook}: the exercises' plot cell must print a shape check, e.g. Console.WriteLine($\"weights (T, S) = (...)\")");
        Assert.True(File.Exists(Path.Combine(Fixtures.RepoRoot(), "exercises", $"Chapter{number:00}.cs")), $"exercises/Chapter{number:00}.cs is missing");
        Assert.True(File.Exists(Path.Combine(Fixtures.RepoRoot(), "solutions", $"Chapter{number:00}.cs")), $"solutions/Chapter{number:00}.cs is missing");
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Chapter_code_cells_have_at_most_fifteen_lines(string notebook)
    {
        if (Load(notebook) is not { } chapter) return;

        foreach (var cell in chapter.CodeCells)
        {
            var lines = cell.Source.ReplaceLineEndings("\n").TrimEnd().Split('\n').Length;
            Assert.True(lines <= MaxCodeLines, $"{notebook}: cell {cell.Id} has {lines} lines; the limit is {MaxCodeLines}");
        }
    }

    /// <summary>Every code cell of every chapter keeps its lines within <see cref="MaxLineLength"/> characters, so a
    /// cell reads without horizontal scrolling in the editor and the book, and an exercise cell reads side by side with
    /// the exercise file.</summary>
    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Code_cells_keep_lines_within_the_width_limit(string notebook)
    {
        if (Load(notebook) is not { } chapter) return;

        foreach (var cell in chapter.CodeCells)
            foreach (var line in cell.Source.ReplaceLineEndings("\n").Split('\n'))
                Assert.True(line.Length <= MaxLineLength,
                    $"{notebook}: cell {cell.Id} has a line of {line.Length} characters (limit {MaxLineLength}): {line}");
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Chapter_cell_ids_carry_the_chapter_number_and_are_unique(string notebook)
    {
        if (Load(notebook) is not { } chapter) return;

        var ids = chapter.Cells.Select(c => c.Id ?? "").ToList();
        Assert.All(ids, id => Assert.Matches($"^c{notebook[..2]}-[a-z0-9-]+$", id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Chapter_is_listed_as_ready_in_the_chapter_list(string notebook)
    {
        Assert.True(notebook != CurriculumNotebookTests.NoNotebooks, "no notebooks in notebooks/: the chapter list has nothing to match");

        var entry = ChapterList().SingleOrDefault(c => c.File == notebook);
        Assert.True(entry is not null, $"{notebook} is missing from notebooks/chapters.json");
        Assert.Equal("ready", entry.Status);
        Assert.Equal(int.Parse(notebook[..2], System.Globalization.CultureInfo.InvariantCulture), entry.Number);
    }

    [Fact]
    public void Chapter_list_numbers_thirteen_chapters_and_every_ready_one_exists()
    {
        var chapters = ChapterList();

        Assert.Equal(Enumerable.Range(1, 13), chapters.Select(c => c.Number));
        Assert.All(chapters, c => Assert.Contains(c.Status, new[] { "ready", "planned" }));
        Assert.All(chapters, c => Assert.StartsWith($"{c.Number:00}-", c.File, StringComparison.Ordinal));
        foreach (var ready in chapters.Where(c => c.Status == "ready"))
            Assert.True(File.Exists(Path.Combine(Fixtures.RepoRoot(), "notebooks", ready.File)), $"{ready.File} is marked ready but does not exist");
    }

    private sealed record Chapter(int Number, string File, string Title, string Status);

    private static List<Chapter> ChapterList()
    {
        var path = Path.Combine(Fixtures.RepoRoot(), "notebooks", "chapters.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.GetProperty("chapters").EnumerateArray()
            .Select(c => new Chapter(c.GetProperty("number").GetInt32(), c.GetProperty("file").GetString()!,
                c.GetProperty("title").GetString()!, c.GetProperty("status").GetString()!))
            .ToList();
    }

    [GeneratedRegex(@"^#{1,3} .+$", RegexOptions.Multiline)]
    private static partial Regex HeadingPattern();

    /// <summary>A printed shape with legend letters: <c>Console.WriteLine($"scores (T, S) = (…</c>.</summary>
    [GeneratedRegex(@"Console\.WriteLine\(\$?""[^""]*\([^()""]+\) = \(")]
    private static partial Regex ShapeCheckPattern();
}
