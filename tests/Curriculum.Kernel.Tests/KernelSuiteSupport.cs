using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Curriculum.Kernel.Tests;

/// <summary>
/// Installs this build's kernelspec with <c>curriculum kernel install --prefix</c> into a scratch folder once, for every
/// test that starts kernels through Jupyter's own clients (they find it through <c>JUPYTER_PATH</c>).
/// </summary>
public sealed class InstalledKernel
{
    public InstalledKernel()
    {
        Prefix = Directory.CreateTempSubdirectory("curriculum-kernelspec-").FullName;
        var cli = Path.Combine(AppContext.BaseDirectory, "curriculum.dll");
        var (code, output) = Processes.Run("dotnet", [cli, "kernel", "install", "--prefix", Prefix], SavedNotebookTests.RepoRoot(), null, TimeSpan.FromSeconds(60));
        if (code != 0)
            throw new InvalidOperationException($"curriculum kernel install failed ({code}): {output}");
        JupyterPath = Path.Combine(Prefix, "share", "jupyter");
        if (!File.Exists(Path.Combine(JupyterPath, "kernels", ".net-csharp", "kernel.json")))
            throw new InvalidOperationException("curriculum kernel install wrote no kernel.json: " + output);
    }

    public string Prefix { get; }

    public string JupyterPath { get; }

    public Dictionary<string, string> Environment() => new()
    {
        ["JUPYTER_PATH"] = JupyterPath,
        ["JUPYTER_RUNTIME_DIR"] = Path.Combine(Prefix, "runtime"),
        ["PYTHONDONTWRITEBYTECODE"] = "1",
    };
}

/// <summary>Every test that starts kernels: one at a time, so that 2 cores are not shared by several kernel suites.</summary>
[CollectionDefinition("kernels", DisableParallelization = true)]
public sealed class KernelsCollection : ICollectionFixture<InstalledKernel>;

internal static class Processes
{
    public const string Python = "/usr/bin/python3";

    /// <summary>Runs a command to its end (killing its tree after <paramref name="timeout"/>); stdout and stderr together.</summary>
    public static (int ExitCode, string Output) Run(string file, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (output)
                return (124, output + $"\n(killed after {timeout.TotalSeconds} s)");
        }
        process.WaitForExit();
        lock (output)
            return (process.ExitCode, output.ToString());
    }

    /// <summary>Where a suite's full output is kept for a reader of the CI log.</summary>
    public static string OutputFolder()
    {
        var folder = Path.Combine(SavedNotebookTests.RepoRoot(), "artifacts", "test-output", "kernel");
        Directory.CreateDirectory(folder);
        return folder;
    }
}

/// <summary>The Python suites of tests/kernel, each run by Debian's python3 with unittest. None may skip a test.</summary>
[Collection("kernels")]
public class PythonSuiteTests(InstalledKernel kernel)
{
    /// <param name="tests">How many tests the suite has: exactly, for our suites (a test that stops being collected, e.g.
    /// renamed without its <c>test_</c> prefix, fails here), or at least, for the conformance suite, whose count
    /// depends on the installed <c>jupyter_kernel_test</c>.</param>
    private void RunSuite(string file, int tests, double timeoutSeconds, bool exactly = true)
    {
        Assert.True(File.Exists(Processes.Python), $"{Processes.Python} is missing: run bash build.sh setup (Debian python3 and the Jupyter packages).");
        var root = SavedNotebookTests.RepoRoot();
        var path = Path.Combine(root, "tests", "kernel", file);
        Assert.True(File.Exists(path), path);
        var (code, output) = Processes.Run(Processes.Python, ["-m", "unittest", "-v", path], root, kernel.Environment(), TimeSpan.FromSeconds(timeoutSeconds));
        File.WriteAllText(Path.Combine(Processes.OutputFolder(), Path.ChangeExtension(file, ".log")), output);
        var tail = output.Length > 6000 ? output[^6000..] : output;
        Assert.True(code == 0, $"{file} failed (exit {code}):\n{tail}");
        var ran = Regex.Match(output, @"Ran (\d+) tests?");
        Assert.True(ran.Success, tail);
        var count = int.Parse(ran.Groups[1].Value);
        Assert.True(exactly ? count == tests : count >= tests, $"{file} ran {count} tests, expected {(exactly ? "" : "at least ")}{tests}");
        Assert.DoesNotMatch(@"skipped|\bskip\b", output.Replace("Skip", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Jupyter_kernel_test_conformance_passes_with_nothing_skipped() => RunSuite("test_conformance.py", 12, 300, exactly: false);

    [Fact]
    public void Robustness_interrupt_by_message_and_sigint_throw_exit_bad_signature_eight_kernels_and_a_dead_front_end() => RunSuite("test_robustness.py", 11, 420);

    [Fact]
    public void Interaction_readline_display_updates_trailing_values_silent_history_comm_info_and_restart() => RunSuite("test_interaction.py", 10, 300);

    [Fact]
    public void Nbclient_executes_every_chapter_and_plot_cells_return_plotly() => RunSuite("test_notebooks.py", 1, 420);

    [Fact]
    public void Jupyterhub_offers_the_kernel_to_a_learner() => RunSuite("test_hub.py", 1, 240);
}
