using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Curriculum.Notebooks.Tests;

/// <summary>Fixture notebooks (copied to a fresh temp folder per test) and helpers to read outputs.</summary>
internal static class Fixtures
{
    public static string SourceDirectory => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>Copies the fixture folder to a new temp folder and returns it.</summary>
    public static string CopyToTemp()
    {
        var target = Path.Combine(Path.GetTempPath(), "curriculum-tests", Guid.NewGuid().ToString("N")[..12]);
        foreach (var file in Directory.GetFiles(SourceDirectory, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(SourceDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }

    /// <summary>Runs one fixture notebook from a fresh copy of the fixture folder.</summary>
    public static Task<NotebookRunResult> RunAsync(string name, TimeSpan? timeout = null, Action<string>? prepare = null)
    {
        var folder = CopyToTemp();
        prepare?.Invoke(folder);
        var options = new NotebookRunOptions { CellTimeout = timeout ?? TimeSpan.FromSeconds(60) };
        return NotebookRunner.RunAsync(Path.Combine(folder, name), options);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<NotebookRunResult>>> Cache = new();

    /// <summary>Like <see cref="RunAsync"/>, but each fixture runs once per test session; tests only read the result.</summary>
    public static Task<NotebookRunResult> RunOnceAsync(string name, Action<string>? prepare = null) =>
        Cache.GetOrAdd(name, _ => new Lazy<Task<NotebookRunResult>>(() => RunAsync(name, prepare: prepare))).Value;

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Curriculum.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Curriculum.sln not found above the test folder.");
    }

    public static JsonArray OutputsOf(this NotebookRunResult result, int cellNumber) => result.Executed.Cells[cellNumber - 1].Outputs;

    public static string Type(this JsonNode? output) => output!["output_type"]!.GetValue<string>();

    public static string Mime(this JsonNode? output, string mime) => NotebookOutputs.Text(output!["data"]![mime]);

    public static string StreamText(this JsonNode? output) => NotebookOutputs.Text(output!["text"]);

    public static IEnumerable<string> Traceback(this JsonNode? output) =>
        output!["traceback"]!.AsArray().Select(l => l!.GetValue<string>());

    /// <summary>Compiles a small library with the formatter convention (its own internal TypeFormatterSourceAttribute).</summary>
    public static void CompileFormatterFixture(string folder)
    {
        const string source =
            """
            using System;
            using System.Collections.Generic;
            using System.IO;

            namespace FormatterFixture
            {
                [AttributeUsage(AttributeTargets.Class)]
                internal sealed class TypeFormatterSourceAttribute : Attribute
                {
                    public TypeFormatterSourceAttribute(Type formatterSourceType) { FormatterSourceType = formatterSourceType; }
                    public Type FormatterSourceType { get; }
                    public string[] PreferredMimeTypes { get; set; }
                }

                [TypeFormatterSource(typeof(SwatchFormatterSource))]
                public sealed class Swatch
                {
                    public Swatch(string color) { Color = color; }
                    public string Color { get; }
                    public override string ToString() => "Swatch " + Color;
                }

                internal sealed class SwatchFormatterSource
                {
                    public IEnumerable<object> CreateTypeFormatters() { yield return new SwatchHtml(); }
                }

                internal sealed class SwatchHtml
                {
                    public string MimeType => "text/html";
                    public Type Type => typeof(Swatch);
                    public bool Format(object instance, TextWriter writer)
                    {
                        var color = ((Swatch)instance).Color;
                        writer.Write("<span class=\"swatch\" style=\"color:" + color + "\">" + color + "</span>");
                        return true;
                    }
                }

                public sealed class PlainThing
                {
                    public PlainThing(int value) { Value = value; }
                    public int Value { get; }
                    public override string ToString() => "PlainThing(" + Value + ")";
                }

                [TypeFormatterSource(typeof(TextFirstSource), PreferredMimeTypes = new[] { "text/plain" })]
                public sealed class TextFirst
                {
                    public TextFirst(int value) { Value = value; }
                    public int Value { get; }
                }

                internal sealed class TextFirstSource
                {
                    public IEnumerable<object> CreateTypeFormatters() { yield return new Html(); yield return new Plain(); }
                    private sealed class Html
                    {
                        public string MimeType => "text/html";
                        public bool Format(object instance, TextWriter writer) { writer.Write("<b>html</b>"); return true; }
                    }
                    private sealed class Plain
                    {
                        public string MimeType => "text/plain";
                        public bool Format(object instance, TextWriter writer) { writer.Write("TextFirst " + ((TextFirst)instance).Value + " as text"); return true; }
                    }
                }
            }
            """;
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetDirectoryName(p) == Path.GetDirectoryName(typeof(object).Assembly.Location))
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("FormatterFixture",
            [CSharpSyntaxTree.ParseText(source)], references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var emit = compilation.Emit(Path.Combine(folder, "FormatterFixture.dll"));
        if (!emit.Success)
            throw new InvalidOperationException(string.Join("\n", emit.Diagnostics));
    }
}
