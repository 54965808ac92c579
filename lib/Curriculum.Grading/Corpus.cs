using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Curriculum.Grading;

/// <summary>
/// One entry of the wrong-answer or hostile corpus: a file of class members (usually one method) that replace or join
/// the members of one chapter class of the solutions. Its header says what it breaks:
/// <code>
/// // exercise: Chapter05.MaskedSoftmax      (the exercise it breaks)
/// // loses: all                              (all | chapter | a number of points)
/// // needs: bubblewrap                       (optional: only meaningful under the sandbox)
/// // why: the mask is applied after the softmax, so allowed weights no longer sum to 1
/// </code>
/// </summary>
public sealed record CorpusEntry(string Name, string Exercise, string Loses, bool NeedsSandbox, string Why, string Members, IReadOnlyList<string> Usings)
{
    /// <summary>"ChapterNN".</summary>
    public string Chapter => Exercise[..Exercise.IndexOf('.')];

    /// <summary>Reads every <c>*.cs</c> entry of a corpus folder.</summary>
    public static List<CorpusEntry> Load(string folder) =>
        Directory.GetFiles(folder, "*.cs").Order(StringComparer.Ordinal).Select(Parse).ToList();

    private static CorpusEntry Parse(string path)
    {
        var lines = File.ReadAllLines(path);
        string Header(string key) => lines.Where(l => l.StartsWith($"// {key}:", StringComparison.Ordinal)).Select(l => l[(key.Length + 4)..].Trim()).FirstOrDefault() ?? "";
        var exercise = Header("exercise");
        if (!exercise.Contains('.'))
            throw new InvalidDataException($"{path}: the header needs `// exercise: ChapterNN.Method`");
        var usings = lines.Where(l => l.StartsWith("using ", StringComparison.Ordinal)).ToList();
        var members = string.Join("\n", lines.Where(l => !l.StartsWith("//", StringComparison.Ordinal) && !l.StartsWith("using ", StringComparison.Ordinal)));
        var loses = Header("loses");
        return new CorpusEntry(Path.GetFileNameWithoutExtension(path), exercise, loses.Length == 0 ? "all" : loses, Header("needs") == "bubblewrap", Header("why"), members, usings);
    }

    /// <summary>Writes a full submission: the solutions with this entry's members put into its chapter class.</summary>
    public void WriteSubmission(string solutionsDir, string submissionDir)
    {
        Directory.CreateDirectory(submissionDir);
        foreach (var file in Directory.GetFiles(solutionsDir, "Chapter*.cs"))
            File.Copy(file, Path.Combine(submissionDir, Path.GetFileName(file)), overwrite: true);
        var chapterFile = Path.Combine(submissionDir, Chapter + ".cs");
        var source = File.ReadAllText(chapterFile);
        var root = CSharpSyntaxTree.ParseText(source).GetCompilationUnitRoot();
        var target = root.Members.OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.Text == Chapter);
        var wrapper = (ClassDeclarationSyntax)CSharpSyntaxTree.ParseText("class __Corpus {\n" + Members + "\n}").GetCompilationUnitRoot().Members[0];
        if (wrapper.ContainsDiagnostics)
        {
            // Deliberately broken code (the "does not compile" entry): splice the text in as it is.
            var brace = target.CloseBraceToken.SpanStart;
            File.WriteAllText(chapterFile, string.Join("\n", Usings) + "\n" + source[..brace] + Members + "\n" + source[brace..]);
            return;
        }
        var kept = target.Members.Where(m => !wrapper.Members.Any(n => MemberName(n) is { } name && name == MemberName(m))).ToList();
        var replaced = target.WithMembers(SyntaxFactory.List(kept.Concat(wrapper.Members)));
        var text = root.ReplaceNode(target, replaced).ToFullString();
        File.WriteAllText(chapterFile, string.Join("\n", Usings) + (Usings.Count > 0 ? "\n" : "") + text);
    }

    private static string? MemberName(MemberDeclarationSyntax member) => member switch
    {
        MethodDeclarationSyntax m => m.Identifier.Text,
        BaseTypeDeclarationSyntax t => t.Identifier.Text,
        _ => null,
    };
}
