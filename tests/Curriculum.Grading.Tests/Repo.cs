using System.Diagnostics;
using Curriculum.Grading;

namespace Curriculum.Grading.Tests;

internal static class Repo
{
    public static RepoLayout Layout { get; } = RepoLayout.Find(AppContext.BaseDirectory) ?? throw new InvalidOperationException("repository root not found");

    public static TestSuite Suite { get; } = TestSuite.Load(Layout.PublicTests, Layout.HiddenTests);

    public static string Curriculum => Path.Combine(AppContext.BaseDirectory, "curriculum.dll");

    private static readonly Lazy<Task<ValidationReport>> CorpusRun = new(() =>
        Validator.RunAsync(Layout, Layout.HiddenTests, jobs: 2, progress: null, CancellationToken.None));

    /// <summary>One graded run of everything `curriculum validate` grades (solutions, stubs, wrong and hostile corpus),
    /// shared by every test that looks at it: the corpus is graded once per test session, not once per assertion.</summary>
    public static Task<ValidationReport> Corpus => CorpusRun.Value;

    /// <summary>Runs a command; returns exit code and stdout+stderr.</summary>
    public static (int Code, string Output) Run(string workingDirectory, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
