using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Curriculum.Grading;

/// <summary>One chapter file of a submission, compiled (or not).</summary>
/// <param name="Chapter">The class and file name, e.g. <c>Chapter05</c>.</param>
/// <param name="Errors">Compiler errors as "line N: message"; empty when it compiled.</param>
/// <param name="LibraryCalls">For each public method of the chapter class: the members of Attention.dll it reaches,
/// directly or through the submission's own helpers, as "Type.Member" (e.g. <c>Attention.Ops.Softmax</c>).</param>
public sealed record CompiledChapter(string Chapter, IReadOnlyList<string> Errors, IReadOnlyDictionary<string, IReadOnlySet<string>> LibraryCalls)
{
    /// <summary>True when the file compiled and its assembly was written.</summary>
    public bool Compiled => Errors.Count == 0;
}

/// <summary>
/// Compiles a submission's chapter files with the Roslyn API against a fixed reference set (the .NET runtime and
/// Attention.dll), one assembly per chapter so a file that does not compile costs only its chapter. The learner's build
/// files never run: no project file, no analyzers, no source generators. Each compilation has a time limit.
/// </summary>
public static class SubmissionCompiler
{
    /// <summary>The library whose implementations an exercise may not call.</summary>
    public const string LibraryAssembly = "Attention";

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var framework = Directory.GetFiles(runtimeDir, "*.dll")
            .Where(f => Path.GetFileName(f) is var n && (n.StartsWith("System.", StringComparison.Ordinal) || n is "mscorlib.dll" or "netstandard.dll"))
            .Where(IsManaged);
        var attention = typeof(Attention.Matrix).Assembly.Location;
        return [.. framework.Append(attention).Append(typeof(System.Numerics.Tensors.TensorPrimitives).Assembly.Location).Distinct().Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))];
    });

    private static bool IsManaged(string path)
    {
        try { System.Reflection.AssemblyName.GetAssemblyName(path); return true; }
        catch (BadImageFormatException) { return false; }
    }

    /// <summary>Compiles <c>Chapter*.cs</c> of <paramref name="submissionDir"/> into <paramref name="buildDir"/>.</summary>
    /// <param name="submissionDir">A learner's copy of <c>exercises/</c>.</param>
    /// <param name="buildDir">Where <c>ChapterNN.dll</c> files go (created).</param>
    /// <param name="chapters">The chapter class names to compile (e.g. Chapter01 … Chapter06).</param>
    /// <param name="timeLimit">Per chapter file.</param>
    public static List<CompiledChapter> CompileAll(string submissionDir, string buildDir, IEnumerable<string> chapters, TimeSpan timeLimit)
    {
        Directory.CreateDirectory(buildDir);
        var results = new List<CompiledChapter>();
        foreach (var chapter in chapters)
        {
            var file = Path.Combine(submissionDir, chapter + ".cs");
            if (!File.Exists(file))
            {
                results.Add(new CompiledChapter(chapter, [$"{chapter}.cs is missing"], new Dictionary<string, IReadOnlySet<string>>()));
                continue;
            }
            string source;
            try { source = File.ReadAllText(file); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { results.Add(new CompiledChapter(chapter, [$"{chapter}.cs cannot be read: {e.Message}"], new Dictionary<string, IReadOnlySet<string>>())); continue; }
            results.Add(Compile(chapter, source, Path.Combine(buildDir, chapter + ".dll"), timeLimit));
        }
        return results;
    }

    /// <summary>Compiles one chapter's source to <paramref name="outputPath"/>.</summary>
    public static CompiledChapter Compile(string chapter, string source, string outputPath, TimeSpan timeLimit)
    {
        using var limit = new CancellationTokenSource(timeLimit);
        try
        {
            var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: chapter + ".cs", cancellationToken: limit.Token);
            var compilation = CSharpCompilation.Create(chapter, [tree], References.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release,
                    allowUnsafe: false, concurrentBuild: false, deterministic: true, nullableContextOptions: NullableContextOptions.Disable));
            using var output = new MemoryStream();
            var emitted = compilation.Emit(output, cancellationToken: limit.Token);
            var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => $"line {d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
                .Take(10).ToList();
            if (!emitted.Success)
                return new CompiledChapter(chapter, errors.Count > 0 ? errors : ["does not compile"], new Dictionary<string, IReadOnlySet<string>>());
            if (compilation.GetTypeByMetadataName(chapter) is null)
                return new CompiledChapter(chapter, [$"line 1: no top-level class {chapter} (keep the class name and no namespace)"], new Dictionary<string, IReadOnlySet<string>>());
            File.WriteAllBytes(outputPath, output.ToArray());
            return new CompiledChapter(chapter, [], LibraryCalls(compilation, tree, chapter, limit.Token));
        }
        catch (OperationCanceledException)
        {
            return new CompiledChapter(chapter, [$"compiling took longer than {timeLimit.TotalSeconds:0} s"], new Dictionary<string, IReadOnlySet<string>>());
        }
    }

    /// <summary>From the compiled symbols: which Attention.dll members each public method of the chapter class reaches.</summary>
    private static Dictionary<string, IReadOnlySet<string>> LibraryCalls(CSharpCompilation compilation, SyntaxTree tree, string chapter, CancellationToken token)
    {
        var model = compilation.GetSemanticModel(tree);
        var own = new Dictionary<ISymbol, (HashSet<ISymbol> Uses, HashSet<string> Library)>(SymbolEqualityComparer.Default);
        foreach (var node in tree.GetRoot(token).DescendantNodes())
        {
            if (node is not (IdentifierNameSyntax or GenericNameSyntax or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax or ElementAccessExpressionSyntax or BinaryExpressionSyntax or AssignmentExpressionSyntax or PrefixUnaryExpressionSyntax))
                continue;
            var symbol = model.GetSymbolInfo(node, token).Symbol;
            if (symbol is null)
                continue;
            var owner = Owner(model, node, token);
            if (owner is null)
                continue;
            if (!own.TryGetValue(owner, out var entry))
                own[owner] = entry = (new HashSet<ISymbol>(SymbolEqualityComparer.Default), new HashSet<string>(StringComparer.Ordinal));
            if (SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, compilation.Assembly))
                entry.Uses.Add(symbol is IMethodSymbol m ? m.OriginalDefinition : symbol);
            else if (symbol.ContainingAssembly?.Name == LibraryAssembly || symbol is INamedTypeSymbol { ContainingAssembly.Name: LibraryAssembly })
                entry.Library.Add(symbol is INamedTypeSymbol t ? t.ToDisplayString() : $"{symbol.ContainingType?.ToDisplayString()}.{symbol.Name}");
        }

        var result = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        var chapterType = compilation.GetTypeByMetadataName(chapter)!;
        foreach (var method in chapterType.GetMembers().OfType<IMethodSymbol>().Where(m => m.DeclaredAccessibility == Accessibility.Public && m.MethodKind == MethodKind.Ordinary))
        {
            var reached = new HashSet<string>(StringComparer.Ordinal);
            var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var pending = new Stack<ISymbol>([method]);
            // A static constructor or field initializer of a type the method uses runs on its behalf too.
            while (pending.Count > 0)
            {
                var current = pending.Pop();
                if (!seen.Add(current))
                    continue;
                if (own.TryGetValue(current, out var entry))
                {
                    reached.UnionWith(entry.Library);
                    foreach (var used in entry.Uses) pending.Push(used);
                }
                var type = current as INamedTypeSymbol ?? current.ContainingType;
                if (type is not null && !seen.Contains(type))
                    pending.Push(type);
                if (current is INamedTypeSymbol named)
                    foreach (var member in named.GetMembers().Where(m => m is IFieldSymbol or IPropertySymbol || m is IMethodSymbol { MethodKind: MethodKind.StaticConstructor }))
                        pending.Push(member);
            }
            result[method.Name] = reached;
        }
        return result;
    }

    private static ISymbol? Owner(SemanticModel model, SyntaxNode node, CancellationToken token)
    {
        for (var current = node; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case BaseMethodDeclarationSyntax or PropertyDeclarationSyntax or LocalFunctionStatementSyntax when current is not LocalFunctionStatementSyntax:
                    return model.GetDeclaredSymbol(current, token);
                case VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax }:
                    return model.GetDeclaredSymbol(current, token);
                case BaseTypeDeclarationSyntax:
                    return model.GetDeclaredSymbol(current, token);
            }
        }
        return null;
    }
}
