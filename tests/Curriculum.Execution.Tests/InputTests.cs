using Curriculum.Execution.Protocol;

namespace Curriculum.Execution.Tests;

/// <summary>Console.ReadLine() in the worker: answered by the parent while the code runs, or a clear error without it.</summary>
public class InputTests
{
    [Fact]
    public async Task ReadLine_asks_the_parent_for_each_line_while_the_code_runs()
    {
        await using var worker = await Workers.StartAsync();
        var asked = new List<InputRequest>();
        var answers = new Queue<string>(["Ada", "Lovelace"]);
        var events = new List<ExecutionEvent>();

        var result = await worker.ExecuteAsync(
            """
            Console.Write("name? ");
            var first = Console.ReadLine();
            var last = Console.In.ReadLine();
            first + " " + last
            """,
            e =>
            {
                lock (events)
                    events.Add(e);
            },
            new ExecuteOptions
            {
                Timeout = TimeSpan.FromSeconds(60),
                Input = (request, _) =>
                {
                    lock (asked)
                    {
                        asked.Add(request);
                        // The prompt written before ReadLine was flushed before the request: the front end shows it above the box.
                        lock (events)
                            Assert.Equal("name? ", events.Text());
                        return Task.FromResult(answers.Dequeue());
                    }
                },
            });

        Assert.Equal(ExecutionStatus.Ok, result.Status);
        Assert.Equal([new InputRequest("", false), new InputRequest("", false)], asked);
        var value = Assert.IsType<ExecuteResultEvent>(events[^1]);
        Assert.Equal("Ada Lovelace", value.Data["text/plain"]!.GetValue<string>());
    }

    [Fact]
    public async Task Console_Read_takes_one_answered_line_character_by_character()
    {
        await using var worker = await Workers.StartAsync();
        var asked = 0;
        ExecuteResultEvent? value = null;

        var result = await worker.ExecuteAsync("var a = (char)Console.Read(); var b = (char)Console.Read(); var nl = Console.Read(); $\"{a}{b}{nl}\"",
            e => value = e as ExecuteResultEvent ?? value, new ExecuteOptions { Timeout = TimeSpan.FromSeconds(60), Input = (_, _) => Task.FromResult(Interlocked.Increment(ref asked) == 1 ? "xy" : "?") });

        Assert.Equal(ExecutionStatus.Ok, result.Status);
        Assert.Equal(1, asked);
        Assert.Equal("xy10", value?.Data["text/plain"]!.GetValue<string>()); // x, y, then the line's \n (10)
    }

    [Fact]
    public async Task Without_input_ReadLine_fails_at_once_with_a_clear_error_and_the_worker_lives_on()
    {
        await using var worker = await Workers.StartAsync();

        var (failed, events) = await worker.RunAsync("var line = Console.ReadLine();");
        var (after, _) = await worker.RunAsync("1 + 1");

        Assert.Equal(ExecutionStatus.Error, failed.Status);
        var error = Assert.IsType<ErrorEvent>(Assert.Single(events));
        Assert.Equal("Curriculum.Execution.Engine.InputNotAvailableException", error.EName);
        Assert.Contains("curriculum run", error.EValue);
        Assert.Equal(ExecutionStatus.Ok, after.Status);
    }

    [Fact]
    public async Task A_failed_answer_is_the_cells_error_at_the_ReadLine()
    {
        await using var worker = await Workers.StartAsync();
        var events = new List<ExecutionEvent>();

        var result = await worker.ExecuteAsync("var ok = 1;\nvar line = Console.ReadLine();", e => events.Add(e),
            new ExecuteOptions { Timeout = TimeSpan.FromSeconds(60), Input = (_, _) => Task.FromException<string>(new InvalidOperationException("the front end went away")) });

        Assert.Equal(ExecutionStatus.Error, result.Status);
        Assert.Equal(2, result.ErrorLine);
        var error = Assert.IsType<ErrorEvent>(Assert.Single(events));
        Assert.Equal("the front end went away", error.EValue);
        Assert.True(worker.IsAlive);
    }
}
