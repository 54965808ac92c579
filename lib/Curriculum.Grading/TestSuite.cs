using System.Reflection;
using System.Runtime.Loader;
using Curriculum.Grading.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Curriculum.Grading;

/// <summary>One check: a static method of a test class, worth some points.</summary>
/// <param name="Name">The method name, shown in feedback (never its source).</param>
/// <param name="Points">What it is worth.</param>
/// <param name="Hidden">True for instructor-only checks.</param>
/// <param name="TimeLimit">Per learner call.</param>
/// <param name="Run">Runs the check against a learner.</param>
public sealed record CheckSpec(string Name, int Points, bool Hidden, TimeSpan TimeLimit, Action<Learner> Run);

/// <summary>An exercise and its checks (public and hidden together).</summary>
/// <param name="Id">"ChapterNN.Method".</param>
/// <param name="Total">The stated total.</param>
/// <param name="Forbidden">Attention.dll members the exercise may not reach.</param>
/// <param name="Checks">Public checks first, then hidden ones.</param>
public sealed record ExerciseSpec(string Id, int Total, IReadOnlyList<string> Forbidden, IReadOnlyList<CheckSpec> Checks)
{
    /// <summary>"ChapterNN".</summary>
    public string Chapter => Id[..Id.IndexOf('.')];

    /// <summary>The method name.</summary>
    public string Method => Id[(Id.IndexOf('.') + 1)..];

    /// <summary>The chapter number.</summary>
    public int ChapterNumber => int.Parse(Chapter["Chapter".Length..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Points of the loaded checks (equals <see cref="Total"/> when public and hidden tests are both loaded).</summary>
    public int Possible => Checks.Sum(c => c.Points);
}

/// <summary>A folder of tests could not be compiled or is inconsistent.</summary>
public sealed class TestSuiteException(string message) : Exception(message);

/// <summary>
/// The tests: C# files (public and hidden share one format, see docs/writing-exercises.md), compiled once per run by the
/// trusted grader — never by or near the learner's code — against the runtime, Attention.dll and Curriculum.Grading.dll.
/// </summary>
public sealed class TestSuite
{
    private TestSuite(IReadOnlyList<ExerciseSpec> exercises, IReadOnlyList<string> problems)
    {
        Exercises = exercises;
        Problems = problems;
    }

    /// <summary>Every exercise, ordered by chapter and then by its order in the public tests.</summary>
    public IReadOnlyList<ExerciseSpec> Exercises { get; }

    /// <summary>Consistency problems (totals that do not add up); empty when fine.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The chapter classes the exercises live in.</summary>
    public IEnumerable<string> Chapters => Exercises.Select(e => e.Chapter).Distinct().Order(StringComparer.Ordinal);

    /// <summary>Compiles and loads the public tests and, when given, the hidden tests.</summary>
    /// <param name="publicDir">Folder of public test files (*.cs, searched recursively).</param>
    /// <param name="hiddenDir">Folder of hidden test files, or null (a learner's own check).</param>
    /// <param name="chapter">Only this chapter's exercises, or null for all.</param>
    public static TestSuite Load(string publicDir, string? hiddenDir, int? chapter = null)
    {
        var checks = new Dictionary<string, (ExerciseAttribute Attribute, List<CheckSpec> Checks, int Order)>(StringComparer.Ordinal);
        var problems = new List<string>();
        int order = 0;
        foreach (var (dir, hidden) in new[] { (publicDir, false), (hiddenDir, true) })
        {
            if (dir is null) continue;
            if (!Directory.Exists(dir)) throw new TestSuiteException($"test folder not found: {dir}");
            var assembly = CompileFolder(dir, hidden ? "HiddenTests" : "PublicTests");
            foreach (var type in assembly.GetTypes().OrderBy(t => t.MetadataToken))
            {
                if (type.GetCustomAttribute<ExerciseAttribute>() is not { } attribute) continue;
                if (!checks.TryGetValue(attribute.Id, out var entry))
                    checks[attribute.Id] = entry = (attribute, [], order++);
                else if (entry.Attribute.Total != attribute.Total)
                    problems.Add($"{attribute.Id}: {type.Name} states Total = {attribute.Total}, another test class {entry.Attribute.Total}");
                foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Static).OrderBy(m => m.MetadataToken))
                {
                    if (method.GetCustomAttribute<CheckAttribute>() is not { } check) continue;
                    var p = method.GetParameters();
                    if (p.Length != 1 || p[0].ParameterType != typeof(Learner))
                        throw new TestSuiteException($"{type.Name}.{method.Name}: a check takes one Learner parameter");
                    var run = method.CreateDelegate<Action<Learner>>();
                    entry.Checks.Add(new CheckSpec(method.Name, check.Points, hidden, TimeSpan.FromSeconds(check.TimeLimitSeconds), run));
                }
            }
        }
        var exercises = checks.OrderBy(c => c.Key[..c.Key.IndexOf('.')], StringComparer.Ordinal).ThenBy(c => c.Value.Order)
            .Select(c => new ExerciseSpec(c.Key, c.Value.Attribute.Total, c.Value.Attribute.Forbidden, c.Value.Checks))
            .Where(e => chapter is null || e.ChapterNumber == chapter)
            .ToList();
        if (hiddenDir is not null)
            foreach (var e in exercises.Where(e => e.Possible != e.Total))
                problems.Add($"{e.Id}: its checks add up to {e.Possible} points, but the exercise states Total = {e.Total}");
        return new TestSuite(exercises, problems);
    }

    private static Assembly CompileFolder(string dir, string name)
    {
        var files = Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new TestSuiteException($"no test files (*.cs) in {dir}");
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Latest), path: f)).ToList();
        var references = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && a.Location.Length > 0)
            .Select(a => a.Location)
            .Concat([typeof(Learner).Assembly.Location, typeof(Attention.Matrix).Assembly.Location])
            .Concat(Directory.GetFiles(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "System.*.dll"))
            .Distinct().Where(IsManaged).Select(f => (MetadataReference)MetadataReference.CreateFromFile(f));
        // Test files need no using lines: these are global.
        trees.Add(CSharpSyntaxTree.ParseText("global using System; global using System.Linq; global using System.Collections.Generic; global using Attention; global using Curriculum.Grading.Testing;", new CSharpParseOptions(LanguageVersion.Latest)));
        var compilation = CSharpCompilation.Create(name + "-" + Guid.NewGuid().ToString("N"), trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Disable));
        using var output = new MemoryStream();
        var emitted = compilation.Emit(output);
        if (!emitted.Success)
        {
            var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).Select(d => d.ToString());
            throw new TestSuiteException($"the tests in {dir} do not compile:\n" + string.Join("\n", errors));
        }
        output.Position = 0;
        return AssemblyLoadContext.Default.LoadFromStream(output);
    }

    private static bool IsManaged(string path)
    {
        try { AssemblyName.GetAssemblyName(path); return true; }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException) { return false; }
    }
}
