namespace Curriculum.Notebooks.Scripting;

/// <summary>
/// What notebook code reaches through <c>display(...)</c> and <c>HTML(...)</c>. In VS Code these come from
/// <c>Microsoft.DotNet.Interactive.Kernel</c>; the runner defines script functions of the same names that forward here.
/// </summary>
public static class ScriptHost
{
    internal static Action<object?, string[]>? Sink { get; set; }

    /// <summary>Shows a value as a <c>display_data</c> output of the running cell.</summary>
    /// <param name="value">The value to format (HTML through its <c>TypeFormatterSource</c>, else plain text).</param>
    /// <param name="mimeTypes">MIME types to prefer, e.g. <c>text/plain</c>; empty for the value's default.</param>
    public static DisplayedValue Display(object? value, string[] mimeTypes)
    {
        var sink = Sink ?? throw new InvalidOperationException("display() is only available while a notebook cell runs.");
        sink(value, mimeTypes ?? []);
        return new DisplayedValue(value);
    }

    /// <summary>Wraps a string so that it is displayed as HTML.</summary>
    /// <param name="html">The HTML markup.</param>
    public static HtmlString Html(string html) => new(html ?? "");
}

/// <summary>The value returned by <c>display(...)</c>; it is never displayed itself.</summary>
/// <param name="Value">The value that was displayed.</param>
public sealed record DisplayedValue(object? Value);

/// <summary>A string of HTML markup, displayed as <c>text/html</c>.</summary>
/// <param name="Value">The markup.</param>
public sealed record HtmlString(string Value)
{
    /// <inheritdoc />
    public override string ToString() => Value;
}
