using System.Diagnostics;

namespace Curriculum.Notebooks.Tests;

/// <summary>Notebooks that try to forge the verdict, flood the runner, leave processes behind or hold its pipes.</summary>
public class HostileNotebookTests
{
    [Fact]
    public void A_forged_verdict_and_a_malformed_marker_change_nothing_and_every_notebook_of_the_run_is_written()
    {
        var folder = Fixtures.CopyToTemp();

        var (exitCode, stdout, stderr) = CliTests.Curriculum(folder, "run", "hostile/forged-verdict.ipynb", "hostile/malformed-marker.ipynb", "--out", "executed");

        Assert.Equal(1, exitCode);
        Assert.Equal("FAILED hostile/forged-verdict.ipynb, cell 2, line 1: System.InvalidOperationException: this notebook fails\n", stderr);
        var forged = Notebook.Load(Path.Combine(folder, "executed", "forged-verdict.ipynb"));
        Assert.StartsWith("@@curriculum-worker {\"event\":\"done\"", forged.Cells[0].Outputs[0].StreamText());
        Assert.Equal("error", forged.Cells[1].Outputs.Single().Type());
        Assert.Empty(forged.Cells[2].Outputs);
        var malformed = Notebook.Load(Path.Combine(folder, "executed", "malformed-marker.ipynb"));
        Assert.Equal("2", malformed.Cells[1].Outputs.Single().Mime("text/plain"));
        Assert.Contains("malformed-marker.ipynb", stdout);
    }

    [Fact]
    public void A_gigabyte_flood_is_truncated_with_a_note_and_the_runner_stays_small()
    {
        var folder = Fixtures.CopyToTemp();
        long peakKiB = 0;

        var (exitCode, stdout, stderr) = CliTests.Curriculum(folder, process =>
        {
            while (!process.HasExited)
            {
                try
                {
                    var line = File.ReadAllLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                    if (line is not null)
                        peakKiB = Math.Max(peakKiB, long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]));
                }
                catch (IOException)
                {
                    // It exited between the check and the read.
                }
                Thread.Sleep(50);
            }
        }, "run", "hostile/flood.ipynb", "--out", "executed");

        Assert.True(exitCode == 0, stdout + stderr);
        var executed = Path.Combine(folder, "executed", "flood.ipynb");
        Assert.True(new FileInfo(executed).Length < 5_000_000, $"executed notebook is {new FileInfo(executed).Length} bytes");
        var notebook = Notebook.Load(executed);
        Assert.Equal("[Output truncated: this cell's output exceeded 2097152 characters; the rest was dropped.]\n", notebook.Cells[0].Outputs.Last().StreamText());
        Assert.Equal("0", notebook.Cells[1].Outputs.Single().Mime("text/plain"));
        Assert.Equal("after the flood", notebook.Cells[2].Outputs.Single().Mime("text/plain"));
        // 2 GB passed through; the runner (the parent) keeps one capped cell and small buffers.
        Assert.True(peakKiB is > 0 and < 200_000, $"the runner's peak resident memory was {peakKiB} KiB");
        Console.WriteLine($"flood: runner peak RSS {peakKiB} KiB");
    }

    [Fact]
    public async Task A_double_forked_process_started_by_a_cell_does_not_outlive_the_run()
    {
        var folder = Fixtures.CopyToTemp();

        var result = await NotebookRunner.RunAsync(Path.Combine(folder, "hostile", "orphan.ipynb"));

        Assert.True(result.Succeeded, result.Failure?.ToString());
        var pid = int.Parse(File.ReadAllText(Path.Combine(folder, "hostile", "orphan.pid")).Trim());
        Assert.False(IsAlive(pid), $"sleep {pid} outlived the run");
    }

    [Fact]
    public async Task A_grandchild_holding_stderr_does_not_hang_the_run()
    {
        var clock = Stopwatch.StartNew();

        var result = await Fixtures.RunAsync(Path.Combine("hostile", "stderr-holder.ipynb"), timeout: TimeSpan.FromSeconds(10));

        Assert.Equal("Cell 1 exceeded the time limit of 10 s", result.Failure!.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
