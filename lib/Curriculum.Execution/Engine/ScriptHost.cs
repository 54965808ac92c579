namespace Curriculum.Execution.Engine;

/// <summary>
/// What notebook code reaches through <c>display(...)</c> and <c>HTML(...)</c>. In VS Code these came from
/// <c>Microsoft.DotNet.Interactive.Kernel</c>; the engine defines script functions of the same names that forward here.
/// </summary>
public static class ScriptHost
{
    private static int _displays;

    internal static Action<object?, string[], string, bool>? Sink { get; set; }

    /// <summary>Shows a value as a <c>display_data</c> output of the running cell.</summary>
    /// <param name="value">The value to format (HTML through its <c>TypeFormatterSource</c>, else plain text).</param>
    /// <param name="mimeTypes">MIME types to prefer, e.g. <c>text/plain</c>; empty for the value's default.</param>
    public static DisplayedValue Display(object? value, string[] mimeTypes)
    {
        var sink = Sink ?? throw new InvalidOperationException("display() is only available while a notebook cell runs.");
        var id = "display-" + Interlocked.Increment(ref _displays).ToString(System.Globalization.CultureInfo.InvariantCulture);
        sink(value, mimeTypes ?? [], id, false);
        return new DisplayedValue(value, id, mimeTypes ?? []);
    }

    /// <summary>Wraps a string so that it is displayed as HTML.</summary>
    /// <param name="html">The HTML markup.</param>
    public static HtmlString Html(string html) => new(html ?? "");

    internal static void Update(DisplayedValue display, object? value)
    {
        var sink = Sink ?? throw new InvalidOperationException("Update() is only available while a notebook cell runs.");
        sink(value, display.MimeTypes, display.DisplayId, true);
    }
}

/// <summary>The value returned by <c>display(...)</c>; it is never displayed itself.</summary>
public sealed class DisplayedValue
{
    internal DisplayedValue(object? value, string displayId, string[] mimeTypes)
    {
        Value = value;
        DisplayId = displayId;
        MimeTypes = mimeTypes;
    }

    /// <summary>The value that was displayed last.</summary>
    public object? Value { get; private set; }

    /// <summary>The display's id (an <c>update_display_data</c> names it).</summary>
    public string DisplayId { get; }

    internal string[] MimeTypes { get; }

    /// <summary>Replaces the displayed value in place (as .NET Interactive's <c>DisplayedValue.Update</c>).</summary>
    /// <param name="value">The new value.</param>
    public void Update(object? value)
    {
        Value = value;
        ScriptHost.Update(this, value);
    }

    /// <inheritdoc />
    public override string ToString() => $"DisplayedValue({DisplayId})";
}

/// <summary>A string of HTML markup, displayed as <c>text/html</c>.</summary>
/// <param name="Value">The markup.</param>
public sealed record HtmlString(string Value)
{
    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>
/// Thrown by <c>Console.ReadLine()</c> (and the other reads of <c>Console.In</c>) when no input can come: the notebook
/// runs headless (<c>curriculum run</c>, the book, the tests) or the Jupyter front end sent <c>allow_stdin: false</c>.
/// </summary>
public sealed class InputNotAvailableException : InvalidOperationException
{
    /// <summary>The standard message: where input is not available and what to do instead.</summary>
    public InputNotAvailableException()
        : base("Console.ReadLine() has no input here: this notebook runs without a front end that accepts input " +
               "(curriculum run, or a Jupyter front end that does not allow stdin). Set the value in the code instead.")
    {
    }

    /// <summary>A specific reason, e.g. the kernel's answer to the input request.</summary>
    /// <param name="message">One line.</param>
    public InputNotAvailableException(string message)
        : base(message)
    {
    }
}
