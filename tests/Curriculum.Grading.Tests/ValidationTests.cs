using Curriculum.Grading.Host;

namespace Curriculum.Grading.Tests;

/// <summary>
/// The whole promise in one run (what `curriculum validate` checks): solutions 100 %, stubs 0 % ("not done"), every
/// wrong answer loses exactly its stated points on its own exercise and nothing else, and every hostile submission
/// (loop, recursion, Environment.Exit, fake output, reading hidden tests / solutions / other learners, 20 GB managed
/// and native, a never-ending thread, a throwing static constructor, deleting files, not compiling) is contained.
/// </summary>
public class ValidationTests
{
    [Fact]
    public async Task Solutions_full_stubs_zero_and_every_corpus_entry_loses_exactly_its_exercise()
    {
        var report = await Repo.Corpus;

        Assert.True(report.Problems == 0, string.Join("\n", report.Lines));
        // Full marks for the solutions and zero for the stubs, out of the same total (at least chapters 1–6's 124 points).
        var solutions = report.Lines.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^ok   solutions: (\d+) / (\d+)")).Single(m => m.Success);
        int possible = int.Parse(solutions.Groups[2].Value);
        Assert.Equal(possible, int.Parse(solutions.Groups[1].Value));
        Assert.True(possible >= 124, $"only {possible} points in all: exercises are missing");
        Assert.Contains(report.Lines, l => l.StartsWith($"ok   stubs: 0 / {possible}", StringComparison.Ordinal));
        Assert.True(report.Lines.Count(l => l.StartsWith("ok   wrong/", StringComparison.Ordinal)) >= 15, string.Join("\n", report.Lines));
        var hostile = report.Lines.Count(l => l.StartsWith("ok   hostile/", StringComparison.Ordinal));
        Assert.True(hostile >= (Sandbox.Available == Isolation.Bubblewrap ? 12 : 9), string.Join("\n", report.Lines));
    }

    [Fact]
    public void Every_exercise_has_public_and_hidden_checks_that_add_up_to_its_total()
    {
        Assert.Empty(Repo.Suite.Problems);
        Assert.True(Repo.Suite.Exercises.Count >= 20);
        Assert.All(Repo.Suite.Exercises, e =>
        {
            Assert.Contains(e.Checks, c => !c.Hidden);
            Assert.Contains(e.Checks, c => c.Hidden);
            Assert.Equal(e.Total, e.Possible);
        });
        Assert.Equal(2, Repo.Suite.Exercises.Count(e => e.ChapterNumber == 1));
        Assert.All(Enumerable.Range(2, 5), n => Assert.True(Repo.Suite.Exercises.Count(e => e.ChapterNumber == n) >= 3));
    }
}
