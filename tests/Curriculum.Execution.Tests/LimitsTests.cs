using Curriculum.Execution.Protocol;

namespace Curriculum.Execution.Tests;

public class LimitsTests
{
    [Fact]
    public async Task A_one_gigabyte_console_flood_is_cut_at_the_cell_cap_with_one_truncation_note()
    {
        await using var worker = await Workers.StartAsync(new OutputLimits(PerExecution: 100_000, PerWorker: 150_000));

        var (result, events) = await worker.RunAsync(
            "var chunk = new string('x', 1 << 20); for (var i = 0; i < 1024; i++) Console.Write(chunk); Console.WriteLine(\"end\");");
        var (second, more) = await worker.RunAsync("Console.Write(new string('y', 80_000));");
        var (third, last) = await worker.RunAsync("display(HTML(\"<b>small</b>\"));");

        Assert.Equal(ExecutionStatus.Ok, result.Status);
        Assert.Equal(100_000, events.Text().Length);
        Assert.Equal("Output truncated: this cell's output exceeded 100000 characters; the rest was dropped.",
            Assert.Single(events.OfType<OutputTruncatedEvent>()).Message);
        Assert.Equal(50_000, more.Text().Length);
        Assert.Equal("Output truncated: the notebook's output exceeded 150000 characters; the rest was dropped.",
            Assert.Single(more.OfType<OutputTruncatedEvent>()).Message);
        Assert.IsType<OutputTruncatedEvent>(Assert.Single(last));
        Assert.Equal(ExecutionStatus.Ok, third.Status);
        Assert.Equal(ExecutionStatus.Ok, second.Status);
    }

    [Fact]
    public async Task A_flood_on_the_real_stdout_is_drained_without_blocking_and_only_its_tail_is_kept()
    {
        await using var worker = await Workers.StartAsync();

        var (result, _) = await worker.RunAsync(
            """
            var p = System.Diagnostics.Process.Start("sh", new[] { "-c", "head -c 300000000 /dev/zero | tr '\\0' 'z'; echo tail-marker" });
            p.WaitForExit();
            "done"
            """, TimeSpan.FromSeconds(60));

        Assert.Equal(ExecutionStatus.Ok, result.Status);
        await Task.Delay(200);
        Assert.True(worker.Diagnostics.Length <= 8 * 1024);
        Assert.EndsWith("tail-marker\n", worker.Diagnostics);
    }
}
