using System.Text.Json.Nodes;
using Curriculum.Execution.Protocol;

namespace Curriculum.Execution.Tests;

public class ExecutionTests
{
    [Fact]
    public async Task Events_arrive_in_order_and_state_carries_from_one_execution_to_the_next()
    {
        await using var worker = await Workers.StartAsync();

        var (first, _) = await worker.RunAsync("var x = 20;");
        var (second, events) = await worker.RunAsync(
            """
            Console.Write("a");
            Console.Error.Write("b");
            var d = display(HTML("<b>bold</b>"));
            Console.WriteLine("c");
            d.Update(HTML("<i>new</i>"));
            x + 22
            """, cell: 2);

        Assert.Equal(ExecutionStatus.Ok, first.Status);
        Assert.Equal(ExecutionStatus.Ok, second.Status);
        Assert.Null(second.Message);
        Assert.Collection(events,
            e => Assert.Equal(new StreamEvent("stdout", "a"), e),
            e => Assert.Equal(new StreamEvent("stderr", "b"), e),
            e => Assert.Equal("<b>bold</b>", ((DisplayDataEvent)e).Data["text/html"]!.GetValue<string>()),
            e => Assert.Equal(new StreamEvent("stdout", "c\n"), e),
            e =>
            {
                var update = Assert.IsType<UpdateDisplayDataEvent>(e);
                Assert.Equal("<i>new</i>", update.Data["text/html"]!.GetValue<string>());
                Assert.Equal(((DisplayDataEvent)events[2]).DisplayId, update.DisplayId);
            },
            e =>
            {
                var result = Assert.IsType<ExecuteResultEvent>(e);
                Assert.Equal(2, result.ExecutionCount);
                Assert.Equal("42", result.Data["text/plain"]!.GetValue<string>());
            });
    }

    [Fact]
    public async Task An_exception_is_an_error_event_and_the_worker_lives_on()
    {
        await using var worker = await Workers.StartAsync();

        var (failed, events) = await worker.RunAsync("int y = 1;\nthrow new InvalidOperationException(\"boom\");", cell: 3);
        var (after, _) = await worker.RunAsync("y");

        Assert.Equal(ExecutionStatus.Error, failed.Status);
        Assert.False(failed.StateLost);
        Assert.Equal(2, failed.ErrorLine);
        Assert.Equal("line 2: System.InvalidOperationException: boom", failed.Message);
        var error = Assert.IsType<ErrorEvent>(Assert.Single(events));
        Assert.Contains("Cell 3, line 2", error.Traceback);
        Assert.Equal(ExecutionStatus.Ok, after.Status);
        Assert.True(worker.IsAlive);
    }

    [Fact]
    public async Task A_time_limit_kills_the_worker_after_delivering_what_the_cell_printed()
    {
        await using var worker = await Workers.StartAsync();

        // Generous: the limit must outlast compiling the cell on a loaded machine, or nothing is printed yet.
        var (result, events) = await worker.RunAsync("Console.WriteLine(\"before\"); while (true) { }", TimeSpan.FromSeconds(15), cell: 4);

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.True(result.StateLost);
        Assert.Equal("Cell 4 exceeded the time limit of 15 s", result.Message);
        Assert.Equal("before\n", events.Text());
        Assert.False(worker.IsAlive);
        Assert.False(Workers.IsAlive(worker.ProcessId));
        var (next, _) = await worker.RunAsync("1");
        Assert.Equal(ExecutionStatus.WorkerExited, next.Status);
    }

    [Fact]
    public async Task Interrupt_stops_a_running_execution_and_reports_that_state_is_lost()
    {
        await using var worker = await Workers.StartAsync();
        var started = new TaskCompletionSource();

        var running = worker.ExecuteAsync("Console.WriteLine(\"spinning\"); System.Threading.Thread.Sleep(-1);", e => started.TrySetResult());
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        worker.Interrupt();
        var result = await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ExecutionStatus.Interrupted, result.Status);
        Assert.Contains("state is lost", result.Message);
        Assert.False(Workers.IsAlive(worker.ProcessId));
    }

    [Fact]
    public async Task A_worker_that_exits_is_reported_with_its_exit_code()
    {
        await using var worker = await Workers.StartAsync();

        var (result, _) = await worker.RunAsync("Environment.Exit(3);");

        Assert.Equal(ExecutionStatus.WorkerExited, result.Status);
        Assert.Equal("The worker process exited unexpectedly (exit code 3)", result.Message);
    }

    [Fact]
    public async Task An_event_handler_that_throws_fails_that_execution_not_the_caller()
    {
        await using var worker = await Workers.StartAsync();

        var result = await worker.ExecuteAsync("Console.WriteLine(1);", _ => throw new InvalidOperationException("handler bug"));

        Assert.Equal(ExecutionStatus.ProtocolError, result.Status);
        Assert.Contains("handler bug", result.Message);
    }

    [Fact]
    public async Task An_unknown_request_kind_gets_a_reply_naming_it()
    {
        await using var worker = await Workers.StartAsync();

        var reply = await worker.RequestAsync(new JsonObject { ["kind"] = "no_such_request" }, null, TimeSpan.FromSeconds(30));

        Assert.Equal("unknown request kind \"no_such_request\"", reply!["error"]!.GetValue<string>());
        Assert.True(worker.IsAlive);
    }
}
