using System.Diagnostics;
using Curriculum.Grading.Host;
using Curriculum.Grading.Testing;

namespace Curriculum.Grading;

/// <summary>How one check went.</summary>
/// <param name="Name">The check's name.</param>
/// <param name="Points">Points earned.</param>
/// <param name="Possible">Points it is worth.</param>
/// <param name="Hidden">Instructor-only check (feedback shows its name and message, never its source).</param>
/// <param name="Outcome">passed, failed, not done, error, timeout.</param>
/// <param name="Message">Empty when passed; else what went wrong.</param>
public sealed record CheckResult(string Name, int Points, int Possible, bool Hidden, string Outcome, string Message);

/// <summary>One gradebook row: one submission's result for one exercise.</summary>
/// <param name="Submission">The submission folder's name.</param>
/// <param name="Exercise">"ChapterNN.Method".</param>
/// <param name="Points">Points earned.</param>
/// <param name="Possible">Points possible.</param>
/// <param name="Status">passed, partial, failed, not done, does not compile, uses library.</param>
/// <param name="Message">The first problem, learner-readable; empty when passed.</param>
/// <param name="Checks">The checks behind the row.</param>
public sealed record ExerciseResult(string Submission, string Exercise, int Points, int Possible, string Status, string Message, IReadOnlyList<CheckResult> Checks);

/// <summary>Everything graded for one submission: an independent unit of work with its own rows.</summary>
/// <param name="Submission">The submission folder's name.</param>
/// <param name="Isolation">The isolation the host ran under.</param>
/// <param name="Exercises">One row per exercise.</param>
/// <param name="Seconds">Wall-clock time.</param>
/// <param name="HostStarts">Exercise hosts started (1 + restarts after a time limit or crash).</param>
public sealed record SubmissionResult(string Submission, string Isolation, IReadOnlyList<ExerciseResult> Exercises, double Seconds, int HostStarts)
{
    /// <summary>Total points.</summary>
    public int Points => Exercises.Sum(e => e.Points);

    /// <summary>Total possible.</summary>
    public int Possible => Exercises.Sum(e => e.Possible);
}

/// <summary>Grading options.</summary>
public sealed record GradeOptions
{
    /// <summary>Limits of the exercise host.</summary>
    public HostLimits Limits { get; init; } = new();

    /// <summary>Time limit for compiling one chapter file.</summary>
    public TimeSpan CompileTimeLimit { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Limits of the compiler process.</summary>
    public CompilerLimits CompilerLimits { get; init; } = new();

    /// <summary>Warm compiler processes shared by the submissions of one run (default: one started for this submission).</summary>
    public CompilerPool? Compilers { get; init; }

    /// <summary>The isolation to use (default: the strongest available).</summary>
    public Isolation Isolation { get; init; } = Sandbox.Available;

    /// <summary>Scratch folder for build outputs (default: a temp folder).</summary>
    public string? WorkDir { get; init; }
}

/// <summary>
/// The trusted grader: has a submission compiled in the sandboxed compiler process (<see cref="CompilerPool"/>; no
/// learner code runs there either), starts its sandboxed exercise host, and runs every check here, comparing what the
/// host returns. Always finishes with one row per exercise.
/// </summary>
public static class Grader
{
    /// <summary>Grades one submission folder (a learner's copy of <c>exercises/</c>).</summary>
    public static async Task<SubmissionResult> GradeAsync(string submissionDir, TestSuite suite, GradeOptions? options = null, CancellationToken token = default)
    {
        options ??= new GradeOptions();
        var clock = Stopwatch.StartNew();
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(submissionDir)));
        var work = Path.Combine(options.WorkDir ?? Path.GetTempPath(), "curriculum-grade-" + Guid.NewGuid().ToString("N")[..12]);
        var buildDir = Path.Combine(work, "build");
        var ownCompilers = options.Compilers is null ? new CompilerPool(options.Isolation, options.CompilerLimits) : null;
        try
        {
            var compilers = options.Compilers ?? ownCompilers!;
            var compiled = (await compilers.CompileAllAsync(submissionDir, buildDir, suite.Chapters, options.CompileTimeLimit, token)).ToDictionary(c => c.Chapter);
            using var session = new HostSession(buildDir, options.Limits, options.Isolation);
            var rows = new List<ExerciseResult>();
            foreach (var exercise in suite.Exercises)
            {
                token.ThrowIfCancellationRequested();
                rows.Add(await GradeExerciseAsync(name, exercise, compiled[exercise.Chapter], session, token));
            }
            return new SubmissionResult(name, options.Isolation.ToString().ToLowerInvariant(), rows, clock.Elapsed.TotalSeconds, session.Starts);
        }
        finally
        {
            ownCompilers?.Dispose();
            try { Directory.Delete(work, recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    private static async Task<ExerciseResult> GradeExerciseAsync(string submission, ExerciseSpec exercise, CompiledChapter chapter, HostSession session, CancellationToken token)
    {
        ExerciseResult Zero(string status, string message) =>
            new(submission, exercise.Id, 0, exercise.Possible, status, message,
                exercise.Checks.Select(c => new CheckResult(c.Name, 0, c.Points, c.Hidden, status, message)).ToList());

        if (!chapter.Compiled)
            return Zero("does not compile", $"{chapter.Chapter}.cs{(chapter.Problem.StartsWith("does not compile", StringComparison.Ordinal) ? " " : ": ")}{chapter.Problem}");
        if (!chapter.LibraryCalls.TryGetValue(exercise.Method, out var calls))
            return Zero("missing", $"{exercise.Id} is missing: keep the method's name and public static signature");
        var reflection = calls.Where(c => c.StartsWith(SubmissionCompiler.ReflectionPrefix, StringComparison.Ordinal))
            .Select(c => c[SubmissionCompiler.ReflectionPrefix.Length..]).Order(StringComparer.Ordinal).ToList();
        if (reflection.Count > 0)
            return Zero("uses library", $"uses reflection ({string.Join(", ", reflection)}), which could reach the library's own implementation by name: write the exercise without it");
        var forbidden = calls.Where(c => exercise.Forbidden.Any(f => c == f || c.StartsWith(f + ".", StringComparison.Ordinal) || c.StartsWith(f, StringComparison.Ordinal))).Order(StringComparer.Ordinal).ToList();
        if (forbidden.Count > 0)
            return Zero("uses library", $"calls {string.Join(", ", forbidden)}: the library's own implementation of this exercise (write it yourself)");

        var results = new List<CheckResult>();
        foreach (var check in exercise.Checks)
        {
            var learner = new Learner(exercise.Id,
                (arguments, limit) => session.CallAsync(exercise.Chapter, exercise.Method, arguments, limit, token).GetAwaiter().GetResult(),
                check.TimeLimit);
            results.Add(await Task.Run(() => RunCheck(check, learner), token));
        }
        int points = results.Sum(r => r.Points);
        var firstFailure = results.FirstOrDefault(r => r.Outcome != "passed");
        var status = firstFailure is null ? "passed"
            : results.Any(r => r.Outcome == "not done") ? "not done"
            : points > 0 ? "partial" : "failed";
        var message = firstFailure is null ? ""
            : status == "not done" ? "not done yet (the stub still throws NotImplementedException)"
            : $"{firstFailure.Name}: {firstFailure.Message}" + (results.Count(r => r.Outcome != "passed") is var n && n > 1 ? $" (and {n - 1} more failed check{(n > 2 ? "s" : "")})" : "");
        return new ExerciseResult(submission, exercise.Id, points, exercise.Possible, status, message, results);
    }

    private static CheckResult RunCheck(CheckSpec check, Learner learner)
    {
        CheckResult Fail(string outcome, string message) => new(check.Name, 0, check.Points, check.Hidden, outcome, message);
        try
        {
            check.Run(learner);
            return new CheckResult(check.Name, check.Points, check.Points, check.Hidden, "passed", "");
        }
        catch (CheckFailedException e) { return Fail("failed", e.Message); }
        catch (LearnerThrewException e) when (e.NotImplemented) { return Fail("not done", "not done yet"); }
        catch (LearnerThrewException e) { return Fail("error", e.Message); }
        catch (HostFailureException e) { return Fail(e.Message.StartsWith("timed out", StringComparison.Ordinal) ? "timeout" : "error", e.Message); }
        catch (Exception e) { return Fail("error", $"the check could not run: {e.GetType().Name}: {e.Message}"); }
    }
}
