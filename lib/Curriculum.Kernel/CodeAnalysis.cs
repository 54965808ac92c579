using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;

namespace Curriculum.Kernel;

/// <summary>
/// <c>is_complete</c>, <c>complete</c> and <c>inspect</c> from Roslyn, in the kernel process (no cell code runs here:
/// only parsing and binding). The cells that ran without error are kept as a chain of script submissions, so
/// completions see earlier variables and the assemblies loaded with <c>#r</c> (with their XML docs).
/// </summary>
internal sealed class CodeAnalysis
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    /// <summary>The names the execution core defines for every cell.</summary>
    private const string Prelude =
        """
        object display(object value, params string[] mimeTypes) => value;
        object HTML(string content) => content;
        void clear_output(bool wait = false) { }
        """;

    private readonly CSharpCompilationOptions _options;
    private readonly List<MetadataReference> _references;
    private readonly List<string> _pending = [];
    private CSharpCompilation _previous;
    private int _submission;

    public CodeAnalysis(string workingDirectory)
    {
        var directory = Path.GetFullPath(workingDirectory);
        _references = FrameworkReferences().ToList();
        _options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                usings: ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"])
            .WithMetadataReferenceResolver(new DocumentedReferenceResolver(ScriptMetadataResolver.Default.WithBaseDirectory(directory)))
            .WithSourceReferenceResolver(new SourceFileResolver([], directory))
            .WithNullableContextOptions(NullableContextOptions.Disable);
        _previous = Submission(Prelude);
    }

    /// <summary>Records a cell that ran: later completions see what it declared (bound lazily, at the next request).</summary>
    public void Succeeded(string code)
    {
        lock (_pending)
            _pending.Add(code);
    }

    /// <summary>A failed cell changes nothing.</summary>
    public void Failed(string code)
    {
    }

    /// <summary>Chains the cells that ran since the last request; one Roslyn cannot bind (e.g. it used a #r "nuget:") is skipped.</summary>
    private void CatchUp()
    {
        List<string> pending;
        lock (_pending)
        {
            pending = [.. _pending];
            _pending.Clear();
        }
        foreach (var code in pending)
        {
            var next = Submission(code);
            foreach (var reference in next.DirectiveReferences)
                if (!_references.Contains(reference))
                    _references.Add(reference);
            if (!next.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
                _previous = next;
        }
    }

    private CSharpCompilation Submission(string code) =>
        CSharpCompilation.CreateScriptCompilation($"Submission{++_submission}", CSharpSyntaxTree.ParseText(code, ParseOptions, path: Path.Combine(Environment.CurrentDirectory, "cell.csx")),
            _references, _options, _submission == 1 ? null : _previous, typeof(object));

    /// <summary>For <c>Name?</c> (an expression and a question mark, alone in the cell): the expression, else null.</summary>
    public static string? PagerTarget(string code)
    {
        var trimmed = code.Trim();
        if (!trimmed.EndsWith('?') || trimmed.EndsWith("??", StringComparison.Ordinal) || trimmed.Contains('\n'))
            return null;
        var target = trimmed[..^1].TrimEnd();
        if (target.Length == 0)
            return null;
        var expression = SyntaxFactory.ParseExpression(target);
        return expression.ContainsDiagnostics || expression.FullSpan.Length != target.Length
            || expression is not (IdentifierNameSyntax or MemberAccessExpressionSyntax or GenericNameSyntax or PredefinedTypeSyntax or QualifiedNameSyntax)
            ? null : target;
    }

    /// <summary>complete / incomplete (e.g. an open brace) / invalid, from Roslyn's parse of the code as a script.</summary>
    public JsonObject IsComplete(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(code, ParseOptions);
        if (!SyntaxFactory.IsCompleteSubmission(tree))
        {
            var depth = tree.GetRoot().DescendantTokens().Where(t => !t.IsMissing).Sum(t => t.IsKind(SyntaxKind.OpenBraceToken) ? 1 : t.IsKind(SyntaxKind.CloseBraceToken) ? -1 : 0);
            return new JsonObject { ["status"] = "incomplete", ["indent"] = new string(' ', 4 * Math.Max(0, depth)) };
        }
        var invalid = tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
        return new JsonObject { ["status"] = invalid ? "invalid" : "complete" };
    }

    /// <summary>Members after a dot (of a value, a type or a namespace), else every name in scope, that start with the word at the cursor.</summary>
    public JsonObject Complete(string code, int cursorCodePoints)
    {
        var cursor = CodePoints.ToUtf16(code, cursorCodePoints);
        var start = cursor;
        while (start > 0 && (char.IsLetterOrDigit(code[start - 1]) || code[start - 1] == '_'))
            start--;
        var prefix = code[start..cursor];
        var names = new SortedSet<string>(StringComparer.Ordinal);
        try
        {
            var (model, tree) = Bind(code);
            IEnumerable<ISymbol> symbols;
            var dot = start > 0 ? tree.GetRoot().FindToken(start - 1) : default;
            if (dot.IsKind(SyntaxKind.DotToken) && dot.Parent is MemberAccessExpressionSyntax access)
            {
                var receiver = model.GetSymbolInfo(access.Expression).Symbol;
                if (receiver is INamespaceOrTypeSymbol container)
                    symbols = model.LookupSymbols(start, container).Where(s => container is INamespaceSymbol || s.IsStatic || s is ITypeSymbol);
                else if (model.GetTypeInfo(access.Expression).Type is { TypeKind: not TypeKind.Error } type)
                    symbols = model.LookupSymbols(start, type, includeReducedExtensionMethods: true).Where(s => !s.IsStatic || s is IMethodSymbol { MethodKind: MethodKind.ReducedExtension });
                else
                    symbols = [];
            }
            else
            {
                symbols = model.LookupSymbols(start);
                foreach (var keyword in Keywords)
                    if (keyword.StartsWith(prefix, StringComparison.Ordinal))
                        names.Add(keyword);
            }
            foreach (var symbol in symbols)
            {
                if (symbol.CanBeReferencedByName && symbol.Name.StartsWith(prefix, StringComparison.Ordinal) && !symbol.Name.StartsWith('<'))
                    names.Add(symbol.Name);
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // Completion is best effort: a position Roslyn cannot bind gives no matches.
        }
        return new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = new JsonArray(names.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()),
            ["cursor_start"] = CodePoints.FromUtf16(code, start),
            ["cursor_end"] = cursorCodePoints,
            ["metadata"] = new JsonObject(),
        };
    }

    /// <summary>The signature(s) and XML-doc summary of the symbol at (or just before) the cursor.</summary>
    public JsonObject Inspect(string code, int cursorCodePoints, int detailLevel)
    {
        var cursor = CodePoints.ToUtf16(code, cursorCodePoints);
        string? text = null;
        try
        {
            var (model, tree) = Bind(code);
            var root = tree.GetRoot();
            foreach (var position in new[] { cursor, cursor - 1 })
            {
                if (position < 0 || position >= code.Length)
                    continue;
                var token = root.FindToken(position);
                if (!token.IsKind(SyntaxKind.IdentifierToken) || token.Parent is null)
                    continue;
                var node = token.Parent;
                var info = model.GetSymbolInfo(node);
                var symbols = info.Symbol is { } s ? [s] : info.CandidateSymbols.ToList();
                if (symbols.Count == 0 && model.GetDeclaredSymbol(node) is { } declared)
                    symbols = [declared];
                if (symbols.Count == 0 && model.GetTypeInfo(node).Type is { TypeKind: not TypeKind.Error } type)
                    symbols = [type];
                if (symbols.Count > 0)
                {
                    text = Describe(symbols, detailLevel);
                    break;
                }
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
        }
        return new JsonObject
        {
            ["status"] = "ok",
            ["found"] = text is not null,
            ["data"] = text is null ? new JsonObject() : new JsonObject { ["text/plain"] = text },
            ["metadata"] = new JsonObject(),
        };
    }

    private static string Describe(IReadOnlyList<ISymbol> symbols, int detailLevel)
    {
        var text = new StringBuilder();
        foreach (var symbol in symbols.Take(detailLevel > 0 ? 20 : 6))
            text.AppendLine(symbol.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat));
        if (symbols.Count > 6 && detailLevel == 0)
            text.AppendLine($"(+{symbols.Count - 6} more overloads)");
        var summary = symbols.Select(Summary).FirstOrDefault(s => s.Length > 0);
        if (summary is not null)
            text.AppendLine().AppendLine(summary);
        return text.ToString().TrimEnd();
    }

    private static string Summary(ISymbol symbol)
    {
        var xml = symbol.GetDocumentationCommentXml(CultureInfo.InvariantCulture, expandIncludes: true);
        if (string.IsNullOrWhiteSpace(xml))
            return "";
        try
        {
            var summary = XElement.Parse(xml).Element("summary");
            if (summary is null)
                return "";
            foreach (var reference in summary.Descendants().Where(e => e.Attribute("cref") is not null || e.Attribute("langword") is not null || e.Attribute("name") is not null).ToList())
            {
                var value = reference.Attribute("cref")?.Value ?? reference.Attribute("langword")?.Value ?? reference.Attribute("name")!.Value;
                reference.ReplaceWith(value.Contains(':') ? value[(value.IndexOf(':') + 1)..] : value);
            }
            return string.Join(' ', summary.Value.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        }
        catch (System.Xml.XmlException)
        {
            return "";
        }
    }

    private (SemanticModel Model, SyntaxTree Tree) Bind(string code)
    {
        lock (this)
        {
            CatchUp();
            var tree = CSharpSyntaxTree.ParseText(code, ParseOptions, path: Path.Combine(Environment.CurrentDirectory, "cell.csx"));
            var compilation = CSharpCompilation.CreateScriptCompilation("Completion", tree, _references, _options, _previous, typeof(object));
            return (compilation.GetSemanticModel(tree), tree);
        }
    }

    private static readonly string[] Keywords =
    [
        "abstract", "as", "async", "await", "bool", "break", "byte", "case", "catch", "char", "class", "const", "continue", "decimal",
        "default", "do", "double", "else", "enum", "false", "finally", "float", "for", "foreach", "if", "in", "int", "interface", "is",
        "long", "new", "null", "object", "out", "override", "private", "public", "readonly", "record", "ref", "return", "static",
        "string", "struct", "switch", "this", "throw", "true", "try", "typeof", "using", "var", "void", "while", "yield",
    ];

    /// <summary>The shared framework's assemblies, with the reference pack's XML docs where the SDK has them.</summary>
    private static IEnumerable<MetadataReference> FrameworkReferences()
    {
        var frameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var docs = ReferencePackDocs(frameworkDir);
        var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator);
        return trusted
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && Path.GetDirectoryName(p) == frameworkDir)
            .Where(p => !Path.GetFileName(p).StartsWith("Microsoft.VisualBasic", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(p =>
            {
                var xml = docs is null ? null : Path.Combine(docs, Path.ChangeExtension(Path.GetFileName(p), ".xml"));
                return (MetadataReference)MetadataReference.CreateFromFile(p, documentation: xml is not null && File.Exists(xml) ? new XmlDocs(xml) : null);
            })
            .ToImmutableArray();
    }

    /// <summary>dotnet/packs/Microsoft.NETCore.App.Ref/&lt;version&gt;/ref/netX.Y beside dotnet/shared/Microsoft.NETCore.App/&lt;version&gt;.</summary>
    private static string? ReferencePackDocs(string frameworkDir)
    {
        var dotnetRoot = Path.GetFullPath(Path.Combine(frameworkDir, "..", "..", ".."));
        var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        if (!Directory.Exists(packs))
            return null;
        var tfm = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        return Directory.GetDirectories(packs).Order(StringComparer.Ordinal).Reverse()
            .Select(v => Path.Combine(v, "ref", tfm)).FirstOrDefault(Directory.Exists);
    }

    /// <summary>Resolves <c>#r</c> like scripting does, adding the XML docs that sit beside a DLL (Attention.xml).</summary>
    private sealed class DocumentedReferenceResolver(MetadataReferenceResolver inner) : MetadataReferenceResolver
    {
        public override bool Equals(object? other) => other is DocumentedReferenceResolver r && r.Inner.Equals(Inner);

        public override int GetHashCode() => Inner.GetHashCode();

        private MetadataReferenceResolver Inner => inner;

        public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties)
        {
            if (reference.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
                return [];
            return inner.ResolveReference(reference, baseFilePath, properties).Select(r =>
            {
                var xml = r.FilePath is null ? null : Path.ChangeExtension(r.FilePath, ".xml");
                return xml is not null && File.Exists(xml)
                    ? MetadataReference.CreateFromFile(r.FilePath!, properties, new XmlDocs(xml))
                    : r;
            }).ToImmutableArray();
        }

        public override bool ResolveMissingAssemblies => inner.ResolveMissingAssemblies;

        public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity) =>
            inner.ResolveMissingAssembly(definition, referenceIdentity);
    }
}

/// <summary>Jupyter counts cursor positions in Unicode code points (protocol 5.2+); .NET strings count UTF-16 units.</summary>
internal static class CodePoints
{
    public static int ToUtf16(string text, int codePoints)
    {
        var index = 0;
        for (var i = 0; i < codePoints && index < text.Length; i++)
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length ? 2 : 1;
        return Math.Min(index, text.Length);
    }

    public static int FromUtf16(string text, int index)
    {
        var count = 0;
        for (var i = 0; i < index && i < text.Length; i++)
            if (!char.IsLowSurrogate(text[i]))
                count++;
        return count;
    }
}

/// <summary>An XML documentation file (the compiler's output beside a DLL), read on first use.</summary>
internal sealed class XmlDocs(string path) : DocumentationProvider
{
    private Dictionary<string, string>? _members;

    protected override string GetDocumentationForSymbol(string documentationMemberID, CultureInfo preferredCulture, CancellationToken cancellationToken = default)
    {
        _members ??= Load();
        return _members.TryGetValue(documentationMemberID, out var xml) ? xml : "";
    }

    private Dictionary<string, string> Load()
    {
        try
        {
            return XDocument.Load(path).Descendants("member")
                .Where(m => m.Attribute("name") is not null)
                .GroupBy(m => m.Attribute("name")!.Value)
                .ToDictionary(g => g.Key, g => g.First().ToString(), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or System.Xml.XmlException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    public override bool Equals(object? obj) => obj is XmlDocs other && other.Path == Path;

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Path);

    private string Path => path;
}
