using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace Curriculum.Execution.Engine;

/// <summary>
/// <c>#load</c> resolution with one redirect for graded exercises: when the environment variable
/// <see cref="Variable"/> names a folder, a <c>#load</c> of <c>…/exercises/ChapterNN.cs</c> loads that folder's
/// <c>ChapterNN.cs</c> instead. The notebook runner sets it to <c>solutions/</c> where that folder exists (CI and the
/// book), so a chapter's exercise section shows the reference solution there and the learner's own file everywhere else.
/// </summary>
internal sealed class ExercisesSourceResolver(string baseDirectory) : SourceReferenceResolver
{
    /// <summary>The folder that replaces <c>exercises/</c> for <c>#load</c>.</summary>
    public const string Variable = "CURRICULUM_EXERCISES_DIR";

    private readonly ScriptSourceResolver _inner = ScriptSourceResolver.Default.WithBaseDirectory(baseDirectory);

    public override string? NormalizePath(string path, string? baseFilePath) => _inner.NormalizePath(path, baseFilePath);

    public override string? ResolveReference(string path, string? baseFilePath)
    {
        var resolved = _inner.ResolveReference(path, baseFilePath);
        var redirect = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(redirect) || resolved is null)
            return resolved;
        var folder = Path.GetFileName(Path.GetDirectoryName(resolved));
        var name = Path.GetFileName(resolved);
        if (folder != "exercises" || !name.StartsWith("Chapter", StringComparison.Ordinal) || !name.EndsWith(".cs", StringComparison.Ordinal))
            return resolved;
        var replacement = Path.Combine(Path.GetFullPath(redirect), name);
        return File.Exists(replacement) ? replacement : resolved;
    }

    public override Stream OpenRead(string resolvedPath) => _inner.OpenRead(resolvedPath);

    public override bool Equals(object? other) => other is ExercisesSourceResolver r && r._inner.Equals(_inner);

    public override int GetHashCode() => _inner.GetHashCode();
}
