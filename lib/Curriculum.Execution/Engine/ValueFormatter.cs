using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;

namespace Curriculum.Execution.Engine;

/// <summary>
/// Turns a displayed value into nbformat MIME data, the way .NET Interactive does without referencing it:
/// <see cref="HtmlString"/> becomes <c>text/html</c>; a type carrying an attribute NAMED <c>TypeFormatterSourceAttribute</c>
/// is formatted by the formatters its source creates; everything else falls back to <c>text/plain</c>.
/// </summary>
internal static class ValueFormatter
{
    private const int MaxListItems = 20;
    private static readonly ConcurrentDictionary<Type, FormatterSet?> Sources = new();

    public static IReadOnlyDictionary<string, string> Format(object? value, IReadOnlyList<string> mimeTypes)
    {
        if (value is null)
            return Plain("<null>");
        if (value is HtmlString html && !mimeTypes.Contains("text/plain"))
            return new Dictionary<string, string> { ["text/html"] = html.Value };

        var wanted = mimeTypes.Count > 0 ? mimeTypes : null;
        if (Sources.GetOrAdd(value.GetType(), FindFormatters) is { } set)
        {
            foreach (var mime in wanted ?? set.PreferredMimeTypes)
            {
                foreach (var formatter in set.Formatters.Where(f => f.MimeType == mime && f.Accepts(value)))
                {
                    var writer = new StringWriter(CultureInfo.InvariantCulture);
                    if (formatter.Format(value, writer))
                        return new Dictionary<string, string> { [mime] = writer.ToString() };
                }
            }
        }
        return Plain(PlainText(value, depth: 0));
    }

    private static Dictionary<string, string> Plain(string text) => new() { ["text/plain"] = text };

    internal static string PlainText(object? value, int depth) => value switch
    {
        null => "<null>",
        string s => depth == 0 ? s : $"\"{s}\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items when depth < 2 => List(items, depth),
        _ => value.ToString() ?? value.GetType().Name,
    };

    private static string List(IEnumerable items, int depth)
    {
        var parts = new List<string>();
        var more = 0;
        foreach (var item in items)
        {
            if (parts.Count < MaxListItems)
                parts.Add(PlainText(item, depth + 1));
            else
                more++;
        }
        if (more > 0)
            parts.Add($"... ({more} more)");
        return "[ " + string.Join(", ", parts) + " ]";
    }

    private static FormatterSet? FindFormatters(Type type)
    {
        foreach (var candidate in SelfBasesAndInterfaces(type))
        {
            var attribute = candidate.GetCustomAttributes(inherit: false)
                .FirstOrDefault(a => a.GetType().Name == "TypeFormatterSourceAttribute");
            if (attribute is null)
                continue;
            var attributeType = attribute.GetType();
            if (attributeType.GetProperty("FormatterSourceType")?.GetValue(attribute) is not Type sourceType)
                continue;
            var preferred = attributeType.GetProperty("PreferredMimeTypes")?.GetValue(attribute) as string[];
            var source = Activator.CreateInstance(sourceType, nonPublic: true);
            var create = sourceType.GetMethod("CreateTypeFormatters", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
            if (source is null || create?.Invoke(source, null) is not IEnumerable created)
                continue;
            var formatters = created.Cast<object>().Select(ReflectedFormatter.Create).OfType<ReflectedFormatter>().ToList();
            return new FormatterSet(preferred is { Length: > 0 } ? preferred : ["text/html", "text/plain"], formatters);
        }
        return null;
    }

    private static IEnumerable<Type> SelfBasesAndInterfaces(Type type)
    {
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            yield return t;
        foreach (var i in type.GetInterfaces())
            yield return i;
    }

    private sealed record FormatterSet(IReadOnlyList<string> PreferredMimeTypes, IReadOnlyList<ReflectedFormatter> Formatters);

    private sealed class ReflectedFormatter
    {
        private readonly object _target;
        private readonly MethodInfo _format;
        private readonly Type? _type;

        private ReflectedFormatter(object target, MethodInfo format, string mimeType, Type? type)
        {
            _target = target;
            _format = format;
            MimeType = mimeType;
            _type = type;
        }

        public string MimeType { get; }

        public static ReflectedFormatter? Create(object formatter)
        {
            var t = formatter.GetType();
            var format = t.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(m => m.Name == "Format" && m.ReturnType == typeof(bool) && m.GetParameters() is { Length: 2 } p
                                     && p[1].ParameterType == typeof(TextWriter));
            if (format is null || t.GetProperty("MimeType")?.GetValue(formatter) is not string mime)
                return null;
            return new ReflectedFormatter(formatter, format, mime, t.GetProperty("Type")?.GetValue(formatter) as Type);
        }

        public bool Accepts(object value) =>
            (_type is null || _type.IsInstanceOfType(value)) && _format.GetParameters()[0].ParameterType.IsInstanceOfType(value);

        public bool Format(object value, TextWriter writer)
        {
            try
            {
                return (bool)_format.Invoke(_target, [value, writer])!;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
        }
    }
}
