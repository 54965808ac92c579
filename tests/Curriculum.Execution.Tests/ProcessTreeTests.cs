using Curriculum.Execution.Protocol;

namespace Curriculum.Execution.Tests;

public class ProcessTreeTests
{
    [Fact]
    public async Task A_double_forked_setsid_sleep_started_by_a_cell_dies_with_the_worker()
    {
        var worker = await Workers.StartAsync();
        var pidFile = Path.Combine(Workers.TempFolder(), "sleep.pid");

        var (result, _) = await worker.RunAsync(
            $$"""
            System.Diagnostics.Process.Start("sh", new[] { "-c", "setsid sh -c 'sleep 321 & echo $! > {{pidFile}}' &" }).WaitForExit();
            while (!System.IO.File.Exists("{{pidFile}}") || System.IO.File.ReadAllText("{{pidFile}}").Trim().Length == 0) System.Threading.Thread.Sleep(20);
            """, TimeSpan.FromSeconds(60));
        Assert.True(result.Status == ExecutionStatus.Ok, result.Message);
        var sleepPid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim());
        var tag = worker.Tag;
        var workerPid = worker.ProcessId;

        Assert.Equal(ExecutionStatus.Ok, result.Status);
        Assert.True(Workers.IsAlive(sleepPid), "the orphan should be running before the worker is disposed");
        Assert.Contains(sleepPid, ProcessTree.Find(workerPid, tag));

        await worker.DisposeAsync();

        Assert.False(Workers.IsAlive(sleepPid), $"sleep {sleepPid} outlived the worker");
        Assert.False(Workers.IsAlive(workerPid));
        Assert.Empty(Workers.Tagged(tag));
    }

    [Fact]
    public async Task A_grandchild_holding_the_workers_stderr_does_not_block_a_timeout_or_the_disposal()
    {
        var worker = await Workers.StartAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var (result, _) = await worker.RunAsync(
            """
            System.Diagnostics.Process.Start("sh", new[] { "-c", "setsid sleep 300 &" });
            while (true) { }
            """, TimeSpan.FromSeconds(3));
        var tag = worker.Tag;
        await worker.DisposeAsync();

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}"); // not the 300 s the grandchild would hold it
        Assert.Empty(Workers.Tagged(tag));
    }
}
