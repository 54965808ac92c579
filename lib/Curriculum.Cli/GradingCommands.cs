using System.CommandLine;
using System.Globalization;
using Curriculum.Grading;
using Curriculum.Grading.Host;
using Spectre.Console;

namespace Curriculum.Cli;

/// <summary>The grading verbs: test, grade, merge, validate, release. Exit codes: 0 done, 1 checks failed (test, validate), 2 bad arguments.</summary>
internal static class GradingCommands
{
    private const int Ok = 0, Failed = 1, Usage = 2;

    public static IEnumerable<Command> All()
    {
        var testsOption = new Option<string?>("--tests") { Description = "Folder of hidden tests (default: tests/Exercises/Hidden of the repository, when present)." };
        var jobsOption = new Option<int>("--jobs") { Description = "Submissions graded at the same time.", DefaultValueFactory = _ => Math.Clamp(Environment.ProcessorCount, 1, 4) };

        var chapter = new Argument<int?>("chapter") { Description = "Chapter number (default: every chapter).", Arity = ArgumentArity.ZeroOrOne };
        var exercisesOption = new Option<string?>("--exercises") { Description = "Your exercises folder (default: exercises/ of the repository)." };
        var test = new Command("test", "Run the public checks on your exercises (e.g. `curriculum test 5`).") { chapter, exercisesOption };
        test.SetAction((r, token) => TestAsync(r.GetValue(chapter), r.GetValue(exercisesOption), token));

        var submissions = new Argument<string>("submissions-dir") { Description = "Folder with one subfolder per learner (each a copy of exercises/)." };
        var outOption = new Option<string?>("--out") { Description = "Output folder: gradebook.csv, gradebook.json, feedback/, results/." };
        var only = new Option<string[]>("--only") { Description = "Grade (or regrade) only these submissions; the others' results in --out are kept.", AllowMultipleArgumentsPerToken = true };
        var grade = new Command("grade", "Grade every submission with the public and hidden tests.") { submissions, outOption, testsOption, jobsOption, only };
        grade.SetAction((r, token) => GradeAsync(r.GetValue(submissions)!, r.GetValue(outOption), r.GetValue(testsOption), r.GetValue(jobsOption), r.GetValue(only) ?? [], token));

        var resultDirs = new Argument<string[]>("result-dirs") { Description = "Output folders of `grade` runs (or their results/ folders).", Arity = ArgumentArity.OneOrMore };
        var mergeOut = new Option<string?>("--out") { Description = "Where the merged gradebook and feedback go." };
        var merge = new Command("merge", "Merge the results of several grading runs (fanned-out grading) into one gradebook.") { resultDirs, mergeOut };
        merge.SetAction(r => Merge(r.GetValue(resultDirs) ?? [], r.GetValue(mergeOut)));

        var validate = new Command("validate", "Solutions score full marks, stubs zero, every corpus entry loses exactly its exercise's points.") { testsOption, jobsOption };
        validate.SetAction((r, token) => ValidateAsync(r.GetValue(testsOption), r.GetValue(jobsOption), token));

        var releaseOut = new Argument<string>("out-dir") { Description = "A new folder for the learners' edition." };
        var withSolutions = new Option<bool>("--solutions") { Description = "Include solutions/ (after the deadline)." };
        var release = new Command("release", "Write the learners' edition (allow-list: notebooks, lib, exercise stubs, public tests, README).") { releaseOut, withSolutions };
        release.SetAction(r => ReleaseCommand(r.GetValue(releaseOut)!, r.GetValue(withSolutions)));

        return [test, grade, merge, validate, release];
    }

    private static async Task<int> TestAsync(int? chapter, string? exercisesDir, CancellationToken token)
    {
        try
        {
            var layout = Layout();
            var suite = TestSuite.Load(layout.PublicTests, hiddenDir: null, chapter);
            if (suite.Exercises.Count == 0) throw new UsageException($"no exercises for chapter {chapter}");
            var dir = Path.GetFullPath(exercisesDir ?? layout.Exercises);
            if (!Directory.Exists(dir)) throw new UsageException($"exercises folder not found: {dir}");
            var result = await Grader.GradeAsync(dir, suite, new GradeOptions(), token);
            foreach (var e in result.Exercises)
            {
                Console.WriteLine($"{e.Exercise}: {e.Points}/{e.Possible} {e.Status}");
                if (e.Status is "not done" or "does not compile" or "uses library" or "missing")
                {
                    Console.WriteLine($"  {e.Message}");
                    continue;
                }
                foreach (var c in e.Checks)
                    Console.WriteLine($"  {(c.Outcome == "passed" ? "passed" : "FAILED")} {c.Name}{(c.Message.Length > 0 ? ": " + c.Message : "")}");
            }
            Console.WriteLine($"{result.Points}/{result.Possible} public points; {Sandbox.Describe(Sandbox.Available)}");
            return result.Points == result.Possible ? Ok : Failed;
        }
        catch (Exception e) when (e is UsageException or TestSuiteException or IOException)
        {
            return Fail(e.Message);
        }
    }

    private static async Task<int> GradeAsync(string submissionsDir, string? outDir, string? testsDir, int jobs, string[] only, CancellationToken token)
    {
        try
        {
            if (outDir is null) throw new UsageException("--out <dir> is required");
            if (!Directory.Exists(submissionsDir)) throw new UsageException($"submissions folder not found: {submissionsDir}");
            if (jobs < 1) throw new UsageException($"--jobs must be at least 1, not {jobs}");
            var layout = Layout();
            var hidden = HiddenDir(layout, testsDir);
            var dirs = Directory.GetDirectories(submissionsDir).Order(StringComparer.Ordinal)
                .Where(d => only.Length == 0 || only.Contains(Path.GetFileName(d), StringComparer.Ordinal)).ToList();
            if (only.Length > 0 && dirs.Count != only.Length)
                throw new UsageException($"--only: not found in {submissionsDir}: {string.Join(", ", only.Where(o => !dirs.Any(d => Path.GetFileName(d) == o)))}");
            var isolation = Sandbox.Available;
            Console.WriteLine(Sandbox.Describe(isolation));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var suite = TestSuite.Load(layout.PublicTests, hidden);
            Console.WriteLine($"{suite.Exercises.Count} exercises, {suite.Exercises.Sum(e => e.Checks.Count)} checks ({(hidden is null ? "public only" : "public + hidden")}); {dirs.Count} submission(s), {jobs} at a time");
            var output = Path.GetFullPath(outDir);
            var options = new GradeOptions { Isolation = isolation };
            SubmissionResult[] results;
            if (!Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
            {
                results = [];
                await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask("grading", maxValue: Math.Max(1, dirs.Count));
                        results = await Validator.GradeManyAsync(dirs, suite, jobs, options, line => { task.Description = Markup.Escape(line); task.Increment(1); }, token);
                    });
            }
            else
                results = await Validator.GradeManyAsync(dirs, suite, jobs, options, Console.WriteLine, token);
            foreach (var r in results) Gradebook.WriteResult(output, r);
            var all = Gradebook.ReadResults([output]);
            Gradebook.WriteAll(output, all);
            Console.WriteLine($"graded {results.Length} submission(s) in {clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s; gradebook: {Path.Combine(output, "gradebook.csv")} ({all.Count} submission(s)), feedback: {Path.Combine(output, "feedback")}");
            return Ok;
        }
        catch (Exception e) when (e is UsageException or TestSuiteException or IOException or UnauthorizedAccessException)
        {
            return Fail(e.Message);
        }
    }

    private static int Merge(string[] resultDirs, string? outDir)
    {
        try
        {
            if (outDir is null) throw new UsageException("--out <dir> is required");
            var results = Gradebook.ReadResults(resultDirs);
            var output = Path.GetFullPath(outDir);
            foreach (var r in results) Gradebook.WriteResult(output, r);
            Gradebook.WriteAll(output, results);
            Console.WriteLine($"merged {results.Count} submission(s) into {Path.Combine(output, "gradebook.csv")}");
            return Ok;
        }
        catch (Exception e) when (e is UsageException or IOException or System.Text.Json.JsonException or InvalidDataException)
        {
            return Fail(e.Message);
        }
    }

    private static async Task<int> ValidateAsync(string? testsDir, int jobs, CancellationToken token)
    {
        try
        {
            var layout = Layout();
            var hidden = HiddenDir(layout, testsDir) ?? throw new UsageException($"no hidden tests: pass --tests DIR (default {layout.HiddenTests})");
            var report = await Validator.RunAsync(layout, hidden, jobs, Console.WriteLine, token);
            foreach (var line in report.Lines) Console.WriteLine(line);
            Console.WriteLine(report.Problems == 0 ? "valid" : $"{report.Problems} problem(s)");
            return report.Problems == 0 ? Ok : Failed;
        }
        catch (Exception e) when (e is UsageException or TestSuiteException or IOException or InvalidDataException)
        {
            return Fail(e.Message);
        }
    }

    private static int ReleaseCommand(string outDir, bool withSolutions)
    {
        try
        {
            var files = Release.Write(Layout(), Path.GetFullPath(outDir), withSolutions);
            Console.WriteLine($"released {files.Count} files to {Path.GetFullPath(outDir)}{(withSolutions ? " (with solutions)" : "")}");
            return Ok;
        }
        catch (Exception e) when (e is UsageException or IOException or UnauthorizedAccessException)
        {
            return Fail(e.Message);
        }
    }

    private static string? HiddenDir(RepoLayout layout, string? testsDir)
    {
        if (testsDir is not null)
            return Directory.Exists(testsDir) ? Path.GetFullPath(testsDir) : throw new UsageException($"--tests: folder not found: {testsDir}");
        return Directory.Exists(layout.HiddenTests) ? layout.HiddenTests : null;
    }

    private static RepoLayout Layout() =>
        RepoLayout.Find(Environment.CurrentDirectory) ?? RepoLayout.Find(AppContext.BaseDirectory)
        ?? throw new UsageException("no curriculum folder (with exercises/ and tests/Exercises/) found above the current folder");

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"curriculum: {message}");
        return Usage;
    }

    private sealed class UsageException(string message) : Exception(message);
}
