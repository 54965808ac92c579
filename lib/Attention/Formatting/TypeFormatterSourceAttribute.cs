namespace Attention.Formatting;

/// <summary>
/// Marks a type whose values notebooks render as HTML. .NET Interactive (Polyglot Notebooks in VS Code) and the
/// project's own runner find this attribute by its class <em>name</em> alone, so the library needs no notebook package:
/// they create <see cref="FormatterSourceType"/> with its parameterless constructor, call its
/// <c>CreateTypeFormatters()</c>, and use each returned object's <c>MimeType</c>, <c>Type</c> and
/// <c>bool Format(object, TextWriter)</c>.
/// </summary>
/// <param name="formatterSourceType">A class with a parameterless constructor and a <c>CreateTypeFormatters()</c> method.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    /// <summary>The class whose <c>CreateTypeFormatters()</c> returns the formatters.</summary>
    public Type FormatterSourceType { get; } = formatterSourceType;

    /// <summary>The MIME types to show, in order of preference.</summary>
    public string[]? PreferredMimeTypes { get; set; }
}
