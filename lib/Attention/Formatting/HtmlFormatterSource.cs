namespace Attention.Formatting;

/// <summary>
/// The formatter source named by <see cref="TypeFormatterSourceAttribute"/> on the library's result types: one
/// <c>text/html</c> formatter per type. Notebook hosts call it by convention, never through a shared interface.
/// </summary>
internal sealed class HtmlFormatterSource
{
    /// <summary>The formatters, one per type that renders as HTML.</summary>
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        new HtmlFormatter(typeof(Plotting.Figure), (value, writer) => writer.Write(((Plotting.Figure)value).ToHtml())),
        new HtmlFormatter(typeof(Matrix), (value, writer) => HtmlRenderer.WriteMatrix(writer, (Matrix)value)),
        new HtmlFormatter(typeof(Tensor3), (value, writer) => HtmlRenderer.WriteTensor3(writer, (Tensor3)value)),
        new HtmlFormatter(typeof(Mask), (value, writer) => HtmlRenderer.WriteMask(writer, (Mask)value)),
        new HtmlFormatter(typeof(AttentionResult), (value, writer) => HtmlRenderer.WriteAttentionResult(writer, (AttentionResult)value)),
        new HtmlFormatter(typeof(MultiHeadAttentionResult), (value, writer) => HtmlRenderer.WriteMultiHeadAttentionResult(writer, (MultiHeadAttentionResult)value)),
    ];
}

/// <summary>Renders values of one type as HTML; the shape .NET Interactive's convention expects.</summary>
internal sealed class HtmlFormatter(Type type, Action<object, TextWriter> write)
{
    /// <summary>Always <c>text/html</c>.</summary>
    public string MimeType => "text/html";

    /// <summary>The type this formatter renders.</summary>
    public Type Type { get; } = type;

    /// <summary>Writes <paramref name="instance"/> as HTML; returns <c>false</c> (writing nothing) for any other type.</summary>
    public bool Format(object instance, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (instance is null || !Type.IsInstanceOfType(instance)) return false;
        write(instance, writer);
        return true;
    }
}
