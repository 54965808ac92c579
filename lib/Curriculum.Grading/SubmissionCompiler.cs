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
/// <param name="Problem">Why the chapter earns nothing, learner-readable ("does not compile: line 12: …",
/// "compile timed out after 20 s"); empty when it compiled.</param>
public sealed record CompiledChapter(string Chapter, IReadOnlyList<string> Errors, IReadOnlyDictionary<string, IReadOnlySet<string>> LibraryCalls, string Problem = "")
{
    /// <summary>True when the file compiled and its assembly was written.</summary>
    public bool Compiled => Errors.Count == 0;

    /// <summary>A chapter that does not compile (errors as "line N: message").</summary>
    public static CompiledChapter NotCompiling(string chapter, IReadOnlyList<string> errors) =>
        new(chapter, errors, Empty, $"does not compile: {errors[0]}");

    /// <summary>A chapter whose compile failed for another reason (time or memory limit, a crashed compiler).</summary>
    public static CompiledChapter Failed(string chapter, string problem) => new(chapter, [problem], Empty, problem);

    internal static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> Empty = new Dictionary<string, IReadOnlySet<string>>();
}

/// <summary>What one compile produced, before it crosses from the compiler process to the grader.</summary>
internal enum CompileStatus : byte { Compiled, Errors, TimedOut, OutOfMemory }

/// <summary>The compiler's answer for one chapter file.</summary>
/// <param name="Status">Compiled, errors, time or memory limit.</param>
/// <param name="Errors">"line N: message" for <see cref="CompileStatus.Errors"/>.</param>
/// <param name="Assembly">The emitted assembly (empty unless compiled).</param>
/// <param name="LibraryCalls">Per public method, the Attention.dll members it reaches.</param>
internal sealed record CompileOutcome(CompileStatus Status, IReadOnlyList<string> Errors, byte[] Assembly, IReadOnlyDictionary<string, IReadOnlySet<string>> LibraryCalls);

/// <summary>
/// The compile itself, run inside the sandboxed compiler process (<see cref="Host.CompilerHost"/>; the trusted grader
/// reaches it through <see cref="Host.CompilerPool"/>): a chapter's source with the Roslyn API against a fixed reference
/// set (the .NET runtime, Attention.dll, System.Numerics.Tensors), one assembly per chapter so a file that does not
/// compile costs only its chapter. The learner's build files never run: no project file, no analyzers, no source
/// generators. Each compilation has a time limit.
/// </summary>
public static class SubmissionCompiler
{
    /// <summary>The library whose implementations an exercise may not call.</summary>
    public const string LibraryAssembly = "Attention";

    /// <summary>The assemblies a chapter may reference (by simple name): the fixed reference set.</summary>
    internal static IReadOnlySet<string> ReferenceNames => ReferenceNameSet.Value;

    private static readonly Lazy<List<string>> ReferenceFiles = new(() =>
    {
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var framework = Directory.GetFiles(runtimeDir, "*.dll")
            .Where(f => Path.GetFileName(f) is var n && (n.StartsWith("System.", StringComparison.Ordinal) || n is "mscorlib.dll" or "netstandard.dll"))
            .Where(IsManaged);
        var attention = typeof(Attention.Matrix).Assembly.Location;
        return framework.Append(attention).Append(typeof(System.Numerics.Tensors.TensorPrimitives).Assembly.Location).Distinct().ToList();
    });

    private static readonly Lazy<IReadOnlySet<string>> ReferenceNameSet = new(() =>
        ReferenceFiles.Value.Select(f => Path.GetFileNameWithoutExtension(f)).ToHashSet(StringComparer.Ordinal));

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        [.. ReferenceFiles.Value.Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))]);

    private static bool IsManaged(string path)
    {
        try { System.Reflection.AssemblyName.GetAssemblyName(path); return true; }
        catch (BadImageFormatException) { return false; }
    }

    /// <summary>Compiles one chapter's source in this process (the compiler process calls it; tests too).</summary>
    /// <param name="chapter">The class and file name, e.g. <c>Chapter05</c>.</param>
    /// <param name="source">The chapter file's text.</param>
    /// <param name="timeLimit">Parsing, binding and emitting together.</param>
    internal static CompileOutcome CompileInProcess(string chapter, string source, TimeSpan timeLimit)
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
                return new CompileOutcome(CompileStatus.Errors, errors.Count > 0 ? errors : ["line 1: does not compile"], [], CompiledChapter.Empty);
            if (compilation.GetTypeByMetadataName(chapter) is null)
                return new CompileOutcome(CompileStatus.Errors, [$"line 1: no top-level class {chapter} (keep the class name and no namespace)"], [], CompiledChapter.Empty);
            return new CompileOutcome(CompileStatus.Compiled, [], output.ToArray(), LibraryCalls(compilation, tree, chapter, limit.Token));
        }
        catch (OperationCanceledException)
        {
            return new CompileOutcome(CompileStatus.TimedOut, [], [], CompiledChapter.Empty);
        }
        catch (OutOfMemoryException)
        {
            return new CompileOutcome(CompileStatus.OutOfMemory, [], [], CompiledChapter.Empty);
        }
    }

    /// <summary>Compiles one chapter's source in this process and writes its assembly to <paramref name="outputPath"/>
    /// (tests and tools; grading compiles in the sandbox through <see cref="Host.CompilerPool"/>).</summary>
    public static CompiledChapter Compile(string chapter, string source, string outputPath, TimeSpan timeLimit)
    {
        var outcome = CompileInProcess(chapter, source, timeLimit);
        return outcome.Status switch
        {
            CompileStatus.Compiled => Written(outcome, chapter, outputPath),
            CompileStatus.Errors => CompiledChapter.NotCompiling(chapter, outcome.Errors),
            CompileStatus.TimedOut => CompiledChapter.Failed(chapter, $"compile timed out after {timeLimit.TotalSeconds:0.###} s"),
            _ => CompiledChapter.Failed(chapter, "compile ran out of memory"),
        };

        static CompiledChapter Written(CompileOutcome outcome, string chapter, string outputPath)
        {
            File.WriteAllBytes(outputPath, outcome.Assembly);
            return new CompiledChapter(chapter, [], outcome.LibraryCalls);
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
            else if (ReflectionUse(symbol) is { } reflection)
                entry.Library.Add(ReflectionPrefix + reflection);
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

    /// <summary>Marks a reached member that is reflection, not a library call: the grader refuses it for every exercise.</summary>
    public const string ReflectionPrefix = "reflection: ";

    /// <summary>
    /// Reflection can reach the library's implementation by name (<c>Type.GetType("Attention.Ops, Attention")</c>,
    /// <c>GetMethod("Softmax").Invoke</c>, <c>[UnsafeAccessor]</c>), which the symbol walk above cannot see. No exercise
    /// needs it, so any use is reported: members of <c>System.Reflection*</c>, <c>System.Type</c>,
    /// <c>System.Activator</c>, <c>System.AppDomain</c>, <c>Delegate.CreateDelegate</c>/<c>DynamicInvoke</c>, and
    /// <c>UnsafeAccessorAttribute</c>. Returns the member's name, or null.
    /// </summary>
    private static string? ReflectionUse(ISymbol symbol)
    {
        var type = symbol as INamedTypeSymbol ?? symbol.ContainingType;
        if (type is null) return null;
        var typeName = type.ToDisplayString();
        var ns = type.ContainingNamespace?.ToDisplayString() ?? "";
        bool reflective = ns == "System.Reflection" || ns.StartsWith("System.Reflection.", StringComparison.Ordinal)
            || typeName is "System.Type" or "System.Activator" or "System.AppDomain" or "System.Runtime.CompilerServices.UnsafeAccessorAttribute"
            || (typeName is "System.Delegate" or "System.MulticastDelegate" && symbol.Name is "CreateDelegate" or "DynamicInvoke");
        return reflective ? (symbol is INamedTypeSymbol ? typeName : $"{typeName}.{symbol.Name}") : null;
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
