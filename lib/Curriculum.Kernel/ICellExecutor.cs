using System.Text.Json.Nodes;

namespace Curriculum.Kernel;

/// <summary>What a running cell reports while it runs; the kernel turns each call into an iopub (or stdin) message.</summary>
public interface ICellEvents
{
    /// <summary>Console text, as it is written (<paramref name="name"/> is <c>stdout</c> or <c>stderr</c>).</summary>
    void Stream(string name, string text);

    /// <summary>A <c>display(...)</c>: MIME bundle and metadata; with a display id, later updates replace it in place.</summary>
    void Display(JsonObject data, JsonObject metadata, string? displayId, bool update);

    /// <summary>Clears the cell's output (<paramref name="wait"/>: when the next output arrives).</summary>
    void ClearOutput(bool wait);

    /// <summary>True when the front end accepts input requests (<c>allow_stdin</c> of the execute request).</summary>
    bool InputAllowed { get; }

    /// <summary>
    /// Asks the front end for a line of input (<c>Console.ReadLine()</c>): an <c>input_request</c> on the stdin channel;
    /// completes with the <c>input_reply</c>'s value. Fails when the front end has no stdin; cancelled by an interrupt.
    /// </summary>
    Task<string> InputAsync(string prompt, bool password, CancellationToken cancellationToken);
}

/// <summary>How a cell ended.</summary>
/// <param name="Result">The <c>execute_result</c> MIME bundle of a trailing value, or null.</param>
/// <param name="Error">Null on success.</param>
public sealed record CellOutcome(JsonObject? Result, CellError? Error)
{
    public static CellOutcome Ok(JsonObject? result = null) => new(result, null);

    public static CellOutcome Failed(string name, string value, IReadOnlyList<string> traceback) => new(null, new CellError(name, value, traceback));
}

/// <summary>A cell's error as the front end shows it.</summary>
public sealed record CellError(string Name, string Value, IReadOnlyList<string> Traceback);

/// <summary>
/// Runs cells for the kernel. Implementations execute untrusted cell code in another process; the kernel only sees
/// the events and outcome that come back.
/// </summary>
public interface ICellExecutor : IAsyncDisposable
{
    /// <summary>Starts the execution process (called once before the first cell, and again by <see cref="RestartAsync"/>).</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs one cell. Cancelling <paramref name="interrupt"/> interrupts it; the outcome then says what happened
    /// (for a process-based executor: the process was restarted and the state lost).
    /// </summary>
    Task<CellOutcome> ExecuteAsync(string code, int executionCount, ICellEvents events, CancellationToken interrupt);

    /// <summary>Throws away the state: a fresh execution process.</summary>
    Task RestartAsync(CancellationToken cancellationToken);
}
