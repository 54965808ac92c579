using System.Diagnostics;

namespace Curriculum.Notebooks.Tests;

public class CliTests
{
    internal static (int ExitCode, string Stdout, string Stderr) Curriculum(string workingDirectory, params string[] args) =>
        Curriculum(workingDirectory, null, args);

    /// <summary>Runs curriculum.dll; <paramref name="onStarted"/> sees the process (e.g. to sample its memory) until it exits.</summary>
    internal static (int ExitCode, string Stdout, string Stderr) Curriculum(string workingDirectory, Action<Process>? onStarted, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "curriculum.dll"));
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        onStarted?.Invoke(process);
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "curriculum did not finish");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Theory]
    [InlineData("run", "missing.ipynb", "curriculum: notebook not found: missing.ipynb")]
    [InlineData("run", "notes.txt", "curriculum: notes.txt is not a notebook (expected a .ipynb file)")]
    [InlineData("book", "missing.ipynb", "curriculum: notebook not found: missing.ipynb")]
    [InlineData("check", "notes.txt", "curriculum: notes.txt is not a notebook (expected a .ipynb file)")]
    public void A_bad_notebook_argument_gives_one_line_and_exit_code_2(string verb, string argument, string expected)
    {
        var (exitCode, stdout, stderr) = Curriculum(Fixtures.CopyToTemp(), verb, argument);

        Assert.Equal(2, exitCode);
        Assert.Equal(expected, stderr.TrimEnd('\n'));
        Assert.Equal("", stdout);
    }

    [Fact]
    public void Malformed_JSON_gives_one_line_with_the_position_and_exit_code_2()
    {
        var (exitCode, _, stderr) = Curriculum(Fixtures.CopyToTemp(), "run", "malformed.ipynb");

        Assert.Equal(2, exitCode);
        Assert.Matches(@"^curriculum: malformed\.ipynb: not valid JSON at line \d+, column \d+\n$", stderr);
    }

    [Theory]
    [InlineData("abc", "curriculum: Cannot parse argument 'abc' for option '--timeout' as expected type 'System.Double'. (see: curriculum run --help)")]
    [InlineData("-5", "curriculum: --timeout must be a number of seconds from 0.001 to 86400, not -5.")]
    [InlineData("1e308", "curriculum: --timeout must be a number of seconds from 0.001 to 86400, not 1E+308.")]
    [InlineData("1e-8", "curriculum: --timeout must be a number of seconds from 0.001 to 86400, not 1E-08.")]
    [InlineData("0", "curriculum: --timeout must be a number of seconds from 0.001 to 86400, not 0.")]
    [InlineData("NaN", "curriculum: --timeout must be a number of seconds from 0.001 to 86400, not NaN.")]
    [InlineData("", "curriculum: Cannot parse argument '' for option '--timeout' as expected type 'System.Double'. (see: curriculum run --help)")]
    public void A_bad_timeout_gives_one_line_and_exit_code_2(string timeout, string expected)
    {
        var (exitCode, _, stderr) = Curriculum(Fixtures.CopyToTemp(), "run", "state.ipynb", "--timeout", timeout);

        Assert.Equal(2, exitCode);
        Assert.Equal(expected, stderr.TrimEnd('\n'));
    }

    [Theory]
    [InlineData("run")]
    [InlineData("book")]
    [InlineData("check")]
    public void Every_verb_has_help(string verb)
    {
        var (exitCode, stdout, _) = Curriculum(Fixtures.CopyToTemp(), verb, "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains($"curriculum {verb} [<notebooks>...] [options]", stdout);
    }

    [Fact]
    public void Run_writes_executed_copies_and_exits_0_when_every_cell_succeeds()
    {
        var folder = Fixtures.CopyToTemp();

        var (exitCode, stdout, stderr) = Curriculum(folder, "run", "state.ipynb", "console.ipynb", "--out", "executed");

        Assert.True(exitCode == 0, stdout + stderr);
        var executed = Notebook.Load(Path.Combine(folder, "executed", "state.ipynb"));
        Assert.Equal("42", NotebookOutputs.Text(executed.Cells[3].Outputs[0]!["data"]!["text/plain"]));
        Assert.True(File.Exists(Path.Combine(folder, "executed", "console.ipynb")));
        Assert.Contains("state.ipynb", stdout);
    }

    [Fact]
    public void Run_exits_1_and_names_the_notebook_cell_and_line_of_a_failure()
    {
        var folder = Fixtures.CopyToTemp();

        var (exitCode, _, stderr) = Curriculum(folder, "run", "runtime-error.ipynb", "--out", "executed");

        Assert.Equal(1, exitCode);
        Assert.Equal("FAILED runtime-error.ipynb, cell 3, line 2: System.InvalidOperationException: boom\n", stderr);
    }

    [Fact]
    public void Check_passes_clean_notebooks_and_fails_an_executed_one()
    {
        var folder = Fixtures.CopyToTemp();
        Assert.Equal(0, Curriculum(folder, "check", "state.ipynb", "display.ipynb").ExitCode);
        Curriculum(folder, "run", "state.ipynb", "--out", "executed");

        var (exitCode, stdout, _) = Curriculum(folder, "check", Path.Combine("executed", "state.ipynb"));

        Assert.Equal(1, exitCode);
        Assert.Contains("cell 4: has 1 output(s); commit notebooks without outputs", stdout);
    }
}
