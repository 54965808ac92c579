namespace Curriculum.Execution.Engine;

/// <summary>
/// <c>clear_output(wait)</c> in a cell (the Jupyter display function of that name). It travels as a display of
/// <see cref="ClearOutputRequest"/>, whose only MIME type is <see cref="ClearOutputRequest.MimeType"/>; the kernel turns
/// it into the protocol's <c>clear_output</c> message. Built on the formatter convention, so the channel needs no new kind.
/// </summary>
public static class ClearOutputHost
{
    /// <summary>Asks the front end to clear the running cell's output (with <paramref name="wait"/>: when the next output arrives).</summary>
    /// <param name="wait">Clear only when new output arrives (avoids flicker in progress displays).</param>
    public static void ClearOutput(bool wait) => ScriptHost.Display(new ClearOutputRequest(wait), []);
}

/// <summary>The value <c>clear_output</c> displays.</summary>
/// <param name="Wait">Clear only when new output arrives.</param>
[ClearOutputFormatting.TypeFormatterSource(typeof(ClearOutputFormatting), PreferredMimeTypes = [MimeType])]
public sealed record ClearOutputRequest(bool Wait)
{
    /// <summary>The MIME type of the request (its content is <c>{"wait": true|false}</c>).</summary>
    public const string MimeType = "application/x.curriculum.clear-output+json";
}

/// <summary>The formatter source of <see cref="ClearOutputRequest"/> (the attribute is found by its name).</summary>
internal sealed class ClearOutputFormatting
{
    public IEnumerable<object> CreateTypeFormatters() => [new Formatter()];

    [AttributeUsage(AttributeTargets.Class)]
    internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
    {
        public Type FormatterSourceType { get; } = formatterSourceType;

        public string[]? PreferredMimeTypes { get; set; }
    }

    private sealed class Formatter
    {
        public string MimeType => ClearOutputRequest.MimeType;

        public Type Type => typeof(ClearOutputRequest);

        public bool Format(object instance, TextWriter writer)
        {
            if (instance is not ClearOutputRequest request)
                return false;
            writer.Write(request.Wait ? "{\"wait\":true}" : "{\"wait\":false}");
            return true;
        }
    }
}
