using System.Text.Json.Nodes;

namespace Curriculum.Execution.Protocol;

/// <summary>
/// Every message kind of the private channel between a parent and its worker, in one place. A message is one JSON object
/// with <c>kind</c> and (except <c>hello</c>) <c>id</c>, the id of the request it belongs to. Add a kind here, a handler in
/// <see cref="Worker"/> and, for a request with a reply, call <see cref="WorkerProcess.RequestAsync"/>.
/// </summary>
public static class MessageKind
{
    // ── worker → parent, start-up ──
    /// <summary>First frame from the worker: <c>{secret, pid}</c>. The secret reached the worker on its stdin, never on its command line or environment.</summary>
    public const string Hello = "hello";

    /// <summary>The engine has started (prelude compiled): <c>{}</c>.</summary>
    public const string Ready = "ready";

    // ── parent → worker, requests ──
    /// <summary>
    /// Run code: <c>{id, code, cell, executionCount, maxOutputChars, timeoutMs, allowInput}</c>. Answered by events, then
    /// <see cref="Done"/>; with <c>allowInput</c>, <c>Console.ReadLine()</c> sends <see cref="InputRequest"/>s meanwhile.
    /// </summary>
    public const string Execute = "execute";

    /// <summary>Exit cleanly: <c>{id}</c>. The parent still kills the process tree afterwards.</summary>
    public const string Shutdown = "shutdown";

    /// <summary>Reserved for the kernel: code completion <c>{id, code, cursorPos}</c>, answered by <see cref="Reply"/>.</summary>
    public const string Complete = "complete";

    /// <summary>Reserved for the kernel: inspection <c>{id, code, cursorPos, detailLevel}</c>, answered by <see cref="Reply"/>.</summary>
    public const string Inspect = "inspect";

    /// <summary>Reserved for the kernel: <c>{id, code}</c>, answered by <see cref="Reply"/> with <c>status</c> complete/incomplete/invalid.</summary>
    public const string IsComplete = "is_complete";

    /// <summary>
    /// The answer to an <see cref="InputRequest"/>, sent while the execution runs: <c>{id, value}</c>, or <c>{id, error}</c>
    /// when there is no input (the cell's <c>ReadLine</c> then throws with that message).
    /// </summary>
    public const string InputReply = "input_reply";

    // ── worker → parent, events of the running request ──
    /// <summary>Console text: <c>{id, name: "stdout"|"stderr", text}</c>.</summary>
    public const string Stream = "stream";

    /// <summary>A displayed value: <c>{id, data: {mime: string}, metadata, displayId?}</c>.</summary>
    public const string DisplayData = "display_data";

    /// <summary>A new value for an earlier display: <c>{id, data, metadata, displayId}</c>.</summary>
    public const string UpdateDisplayData = "update_display_data";

    /// <summary>The value of the code's trailing expression: <c>{id, executionCount, data, metadata}</c>.</summary>
    public const string ExecuteResult = "execute_result";

    /// <summary>A compile error or exception: <c>{id, ename, evalue, traceback: [string]}</c>.</summary>
    public const string Error = "error";

    /// <summary>The worker dropped output beyond the limit it was given: <c>{id}</c>.</summary>
    public const string OutputTruncated = "output_truncated";

    /// <summary>
    /// The code reads <c>Console.In</c> (<c>Console.ReadLine()</c>): <c>{id, prompt, password}</c>; the cell waits for the
    /// <see cref="InputReply"/>. Only sent when the execute request said <c>allowInput</c>.
    /// </summary>
    public const string InputRequest = "input_request";

    /// <summary>The end of an <see cref="Execute"/>: <c>{id, status: "ok"|"error", errorLine?, errorMessage?}</c>.</summary>
    public const string Done = "done";

    /// <summary>The answer to any other request: <c>{id, ...}</c>.</summary>
    public const string Reply = "reply";
}

/// <summary>Something an execution produced, delivered to the caller of <see cref="WorkerProcess.ExecuteAsync"/> in order.</summary>
public abstract record ExecutionEvent;

/// <summary>Console text written by the code.</summary>
/// <param name="Name"><c>stdout</c> or <c>stderr</c>.</param>
/// <param name="Text">The text (one chunk; consecutive chunks of one stream belong together).</param>
public sealed record StreamEvent(string Name, string Text) : ExecutionEvent;

/// <summary>A value shown with <c>display(...)</c>.</summary>
/// <param name="Data">The MIME bundle: MIME type to content, e.g. <c>text/html</c>.</param>
/// <param name="Metadata">Per-MIME metadata (usually empty).</param>
/// <param name="DisplayId">Set when the display can be updated later.</param>
public sealed record DisplayDataEvent(JsonObject Data, JsonObject Metadata, string? DisplayId) : ExecutionEvent;

/// <summary>A new value for the display with <paramref name="DisplayId"/>.</summary>
/// <param name="Data">The MIME bundle.</param>
/// <param name="Metadata">Per-MIME metadata.</param>
/// <param name="DisplayId">The display to replace.</param>
public sealed record UpdateDisplayDataEvent(JsonObject Data, JsonObject Metadata, string DisplayId) : ExecutionEvent;

/// <summary>The value of the code's trailing expression.</summary>
/// <param name="ExecutionCount">The execution count given in the request.</param>
/// <param name="Data">The MIME bundle.</param>
/// <param name="Metadata">Per-MIME metadata.</param>
public sealed record ExecuteResultEvent(int ExecutionCount, JsonObject Data, JsonObject Metadata) : ExecutionEvent;

/// <summary>A compile error or an exception (the execution then ends with <see cref="ExecutionStatus.Error"/>).</summary>
/// <param name="EName">Error type, e.g. <c>CompilationError</c> or <c>System.InvalidOperationException</c>.</param>
/// <param name="EValue">The message.</param>
/// <param name="Traceback">Lines locating the error, e.g. <c>Cell 3, line 2, column 5: ...</c>.</param>
public sealed record ErrorEvent(string EName, string EValue, IReadOnlyList<string> Traceback) : ExecutionEvent;

/// <summary>Output beyond a limit was dropped; show <paramref name="Message"/> where the output stops.</summary>
/// <param name="Message">One line, e.g. <c>Output truncated: this cell's output exceeded 2 MiB characters; the rest was dropped.</c></param>
public sealed record OutputTruncatedEvent(string Message) : ExecutionEvent;

/// <summary>The running code asks for a line of input (<c>Console.ReadLine()</c>), as Jupyter's <c>input_request</c>.</summary>
/// <param name="Prompt">The prompt to show (empty for <c>Console.ReadLine()</c>: text written before it is already shown as output).</param>
/// <param name="Password">True when the front end should hide what is typed (never for <c>Console.ReadLine()</c>).</param>
public sealed record InputRequest(string Prompt, bool Password);

/// <summary>How an execution ended.</summary>
public enum ExecutionStatus
{
    /// <summary>The code ran to the end.</summary>
    Ok,

    /// <summary>The code failed (compile error or exception); an <see cref="ErrorEvent"/> was delivered. The worker lives on.</summary>
    Error,

    /// <summary>The time limit passed; the worker's process tree was killed and its state is lost.</summary>
    TimedOut,

    /// <summary><see cref="WorkerProcess.Interrupt"/> or cancellation killed the worker's process tree; its state is lost.</summary>
    Interrupted,

    /// <summary>The worker process ended by itself (for example the code called <c>Environment.Exit</c>); its state is lost.</summary>
    WorkerExited,

    /// <summary>The worker broke the protocol (malformed or oversized frame, wrong id, unknown kind); it was killed.</summary>
    ProtocolError,
}

/// <summary>The end of one <see cref="WorkerProcess.ExecuteAsync"/>.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="ErrorLine">For <see cref="ExecutionStatus.Error"/>: the 1-based line in the code, when known.</param>
/// <param name="Message">Null for <see cref="ExecutionStatus.Ok"/>; else one line (<c>line 2: System.X: message</c>, the time limit, the exit code).</param>
/// <param name="Elapsed">Wall-clock time from sending the request to its end.</param>
public sealed record ExecutionResult(ExecutionStatus Status, int? ErrorLine, string? Message, TimeSpan Elapsed)
{
    /// <summary>True when the worker is gone (time limit, interrupt, exit, protocol error): start a new one to go on.</summary>
    public bool StateLost => Status is not (ExecutionStatus.Ok or ExecutionStatus.Error);
}

/// <summary>The worker could not be started or broke the protocol while starting. The message is one line.</summary>
public sealed class WorkerException(string message, Exception? inner = null) : Exception(message, inner);
