using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;

namespace Curriculum.Execution.Engine;

/// <summary>How one code cell ended in the engine (its outputs went to the <see cref="IEngineOutput"/>).</summary>
/// <param name="Failed">True when the cell ended with an error output.</param>
/// <param name="ErrorLine">For a failed cell, the 1-based line in the cell where it failed, when known.</param>
/// <param name="ErrorMessage">For a failed cell, a one-line description.</param>
internal sealed record CellExecution(bool Failed, int? ErrorLine, string? ErrorMessage);

/// <summary>Where the engine sends what a cell shows (console text is captured separately, by the worker).</summary>
internal interface IEngineOutput
{
    /// <summary>A <c>display(...)</c> (or, with <paramref name="update"/>, a <c>DisplayedValue.Update</c>).</summary>
    void Display(IReadOnlyDictionary<string, string> data, string displayId, bool update);

    /// <summary>The value of the cell's trailing expression.</summary>
    void Result(int executionCount, IReadOnlyDictionary<string, string> data);

    /// <summary>A compile error or an exception.</summary>
    void Error(string ename, string evalue, IReadOnlyList<string> traceback);
}

/// <summary>
/// Executes C# cells one after another with Roslyn scripting, carrying state between them, with the defaults of the
/// .NET Interactive C# kernel (language version latest, the six default imports). Runs inside the worker process
/// (<see cref="Worker"/>): a <c>#r</c> assembly cannot be unloaded and a runaway cell can only be stopped by killing it.
/// </summary>
internal sealed partial class ScriptEngine
{
    internal static readonly string[] DefaultImports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    private const string Prelude =
        """
        global::Curriculum.Execution.Engine.DisplayedValue display(object value, params string[] mimeTypes) => global::Curriculum.Execution.Engine.ScriptHost.Display(value, mimeTypes);
        global::Curriculum.Execution.Engine.HtmlString HTML(string content) => global::Curriculum.Execution.Engine.ScriptHost.Html(content);
        void clear_output(bool wait = false) => global::Curriculum.Execution.Engine.ClearOutputHost.ClearOutput(wait);
        """;

    private readonly string _directory;
    private readonly IEngineOutput _output;
    private readonly Dictionary<string, int> _cellFiles = new(StringComparer.Ordinal);
    private readonly NuGetRestorer _nuget;
    private readonly List<(string Name, string? Version)> _packages = [];
    private readonly HashSet<string> _packageReferences = new(StringComparer.Ordinal);
    private ScriptOptions _options;
    private ScriptState<object>? _state;

    public ScriptEngine(string notebookDirectory, IEngineOutput output, NuGetRestorer? nuget = null)
    {
        _directory = Path.GetFullPath(notebookDirectory);
        _output = output;
        _nuget = nuget ?? new NuGetRestorer();
        _options = ScriptOptions.Default
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithImports(DefaultImports)
            .WithReferences(FrameworkReferences().Append(MetadataReference.CreateFromFile(typeof(ScriptHost).Assembly.Location)))
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(_directory))
            .WithSourceResolver(new ExercisesSourceResolver(_directory))
            .WithEmitDebugInformation(true)
            .WithFileEncoding(Encoding.UTF8);
    }

    /// <summary>Compiles and runs the hidden prelude that defines <c>display</c> and <c>HTML</c>.</summary>
    public async Task StartAsync()
    {
        ScriptHost.Sink = OnDisplay;
        _state = await CSharpScript.RunAsync(Prelude, _options.WithFilePath(Path.Combine(_directory, "prelude.csx")));
    }

    /// <summary>Runs one cell; its outputs go to the engine's <see cref="IEngineOutput"/>.</summary>
    /// <param name="cellNumber">The number errors name ("Cell 3, line 2").</param>
    /// <param name="executionCount">The count an execute_result carries.</param>
    /// <param name="source">The cell's code.</param>
    /// <param name="deadline">When the parent will stop the cell (UTC); a NuGet restore gives up before it with a clear message.</param>
    public async Task<CellExecution> ExecuteAsync(int cellNumber, int executionCount, string source, DateTime? deadline = null)
    {
        if (_state is null)
            await StartAsync();
        var cellFile = Path.Combine(_directory, $"cell-{cellNumber}.csx");
        _cellFiles[cellFile] = cellNumber;

        string code;
        try
        {
            code = RestorePackages(source, deadline);
        }
        catch (NuGetRestoreException e)
        {
            return Fail(cellNumber, "NuGetRestoreError", e.Message, e.Line, [$"Cell {cellNumber}, line {e.Line}: {e.Message}"]);
        }

        var script = _state!.Script.ContinueWith(code, _options.WithFilePath(cellFile));
        ScriptState<object> next;
        try
        {
            next = await script.RunFromAsync(_state, catchException: _ => true);
        }
        catch (CompilationErrorException e)
        {
            var errors = e.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            var first = errors.FirstOrDefault();
            var line = first is null ? (int?)null : first.Location.GetLineSpan().StartLinePosition.Line + 1;
            var traceback = errors.Select(d =>
            {
                var position = d.Location.GetLineSpan().StartLinePosition;
                return $"Cell {cellNumber}, line {position.Line + 1}, column {position.Character + 1}: error {d.Id}: {d.GetMessage()}";
            });
            return Fail(cellNumber, "CompilationError", first?.GetMessage() ?? e.Message, line, traceback);
        }

        _state = next;
        if (next.Exception is { } exception)
        {
            var (traceback, line) = Traceback(exception, cellNumber);
            return Fail(cellNumber, exception.GetType().FullName ?? exception.GetType().Name, exception.Message, line, traceback);
        }

        if (ShowsResult(script, cellFile, next.ReturnValue) && next.ReturnValue is not DisplayedValue)
            _output.Result(executionCount, ValueFormatter.Format(next.ReturnValue, []));
        return new CellExecution(false, null, null);
    }

    private CellExecution Fail(int cellNumber, string ename, string evalue, int? line, IEnumerable<string> traceback)
    {
        _output.Error(ename, evalue, traceback.ToList());
        var where = line is { } l ? $"line {l}: " : "";
        return new CellExecution(true, line, $"{where}{ename}: {evalue}");
    }

    private void OnDisplay(object? value, string[] mimeTypes, string displayId, bool update) =>
        _output.Display(ValueFormatter.Format(value, mimeTypes), displayId, update);

    /// <summary>
    /// Replaces each <c>#r "nuget: Name, Version"</c> line with a comment (keeping line numbers) and adds the restored
    /// assemblies to the script references.
    /// </summary>
    private string RestorePackages(string source, DateTime? deadline)
    {
        var lines = source.Split('\n');
        var added = false;
        int? firstLine = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var match = NuGetDirective().Match(lines[i]);
            if (!match.Success)
                continue;
            var name = match.Groups["name"].Value.Trim();
            var version = match.Groups["version"].Success ? match.Groups["version"].Value.Trim() : null;
            if (!_packages.Contains((name, version)))
                _packages.Add((name, version));
            lines[i] = "// " + lines[i];
            added = true;
            firstLine ??= i + 1;
        }
        if (!added)
            return source;

        IReadOnlyList<string> assemblies;
        try
        {
            assemblies = _nuget.Restore(_packages, deadline);
        }
        catch (NuGetRestoreException e)
        {
            throw new NuGetRestoreException(e.Message, firstLine ?? 1);
        }
        var fresh = assemblies.Where(_packageReferences.Add).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        _options = _options.AddReferences(fresh);
        return string.Join('\n', lines);
    }

    [GeneratedRegex("""^\s*#r\s+"nuget:\s*(?<name>[^,"]+)(,\s*(?<version>[^"]+))?"\s*$""")]
    private static partial Regex NuGetDirective();

    /// <summary>
    /// Whether a cell shows a value, by Roslyn's submission-result rule (the internal
    /// <c>CSharpCompilation.HasSubmissionResult</c> that csi and .NET Interactive ask), restated with public APIs: a cell
    /// with a <c>return</c> statement of its own (not one inside a method it declares or a lambda) has a value, and
    /// otherwise a cell whose last statement is an expression without a semicolon has one unless that expression is of
    /// type void. So <c>Console.WriteLine("x")</c> shows nothing, <c>(string?)null</c> shows <c>&lt;null&gt;</c> and
    /// <c>return 42;</c> shows 42. One deviation: a cell with a <c>return</c> shows nothing when the value is null,
    /// because <see cref="ScriptState.ReturnValue"/> is also null when the cell ended without reaching its
    /// <c>return</c> (csi would print <c>&lt;null&gt;</c> for an <c>if (…) return x;</c> that was not taken).
    /// </summary>
    private static bool ShowsResult(Script script, string cellFile, object? returnValue)
    {
        var compilation = script.GetCompilation();
        var tree = compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == cellFile);
        if (tree is null)
            return false;
        var root = tree.GetCompilationUnitRoot();
        if (root.DescendantNodes(n => n is GlobalStatementSyntax or StatementSyntax or CompilationUnitSyntax).Any(n => n.IsKind(SyntaxKind.ReturnStatement)))
            return returnValue is not null;
        if (root.Members.LastOrDefault(m => m is GlobalStatementSyntax) is GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } last })
        {
            var type = compilation.GetSemanticModel(tree).GetTypeInfo(last.Expression).ConvertedType;
            return type is null || type.SpecialType != SpecialType.System_Void;
        }
        return false;
    }

    private (List<string> Traceback, int? Line) Traceback(Exception exception, int cellNumber)
    {
        var lines = new List<string> { $"{exception.GetType().FullName}: {exception.Message}" };
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
            lines.Add($" ---> {inner.GetType().FullName}: {inner.Message}");

        int? line = null;
        var frames = new StackTrace(exception, fNeedFileInfo: true).GetFrames();
        foreach (var frame in frames)
        {
            var method = frame.GetMethod();
            var declaring = method?.DeclaringType;
            var ns = declaring?.Namespace ?? "";
            if (ns.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || ns.StartsWith("System.Runtime.CompilerServices", StringComparison.Ordinal)
                || ns.StartsWith("System.Runtime.ExceptionServices", StringComparison.Ordinal) || ns.StartsWith("Curriculum.Execution", StringComparison.Ordinal))
                continue;
            var file = frame.GetFileName();
            var lineNumber = frame.GetFileLineNumber();
            if (file is not null && _cellFiles.TryGetValue(file, out var cell))
            {
                if (cell == cellNumber && line is null)
                    line = lineNumber;
                lines.Add($"   at {FrameName(method)} in Cell {cell}, line {lineNumber}");
            }
            else if (method is not null)
            {
                var location = file is not null && lineNumber > 0 ? $" in {Path.GetFileName(file)}:line {lineNumber}" : "";
                lines.Add($"   at {FrameName(method)}{location}");
            }
        }
        if (line is { } l)
            lines.Insert(1, $"Cell {cellNumber}, line {l}");
        return (lines, line);
    }

    private static string FrameName(MethodBase? method)
    {
        if (method is null)
            return "<unknown>";
        var type = method.DeclaringType;
        // Submission code is compiled into Submission#N classes and async state machines; show it as the cell's code.
        while (type is not null && (type.Name.StartsWith('<') || type.Name.StartsWith("Submission#", StringComparison.Ordinal)))
        {
            if (type.Name.StartsWith("Submission#", StringComparison.Ordinal))
                return method.Name.StartsWith('<') || method.Name == "MoveNext" ? "<cell>" : method.Name;
            type = type.DeclaringType;
        }
        return $"{type?.FullName}.{method.Name}";
    }

    /// <summary>Every assembly of the shared framework, so that the default imports and common types resolve.</summary>
    private static IEnumerable<MetadataReference> FrameworkReferences()
    {
        var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator);
        var frameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return trusted
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && Path.GetDirectoryName(p) == frameworkDir)
            .Where(p => !Path.GetFileName(p).StartsWith("Microsoft.VisualBasic", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }
}
