namespace Curriculum.Grading;

/// <summary>
/// The learners' edition, copied from an allow-list (never a deny-list): notebooks, the library and the tools' sources,
/// the exercise stubs, the public tests and a learners' README. Solutions, hidden tests, the corpora, build outputs
/// (bin/, obj/, artifacts/) and .git are never on the list. <c>--solutions</c> adds solutions/ after a deadline.
/// </summary>
public static class Release
{
    /// <summary>Top-level files copied as they are (with the <c>curriculum</c> command's wrappers for Unix and Windows).</summary>
    public static readonly string[] Files = ["Directory.Build.props", "Directory.Packages.props", "global.json", "curriculum", "curriculum.cmd"];

    /// <summary>Folders copied (only the listed file kinds, never bin/ or obj/).</summary>
    public static readonly (string Folder, string[] Patterns)[] Folders =
    [
        ("notebooks", ["*.ipynb", "*.json", "*.md", "*.tgpt"]),    // *.tgpt: chapter 13's trained weights (notebooks/weights/)
        ("lib/Attention", ["*.cs", "*.csproj", "*.md"]),
        ("lib/Curriculum.Execution", ["*.cs", "*.csproj", "*.md"]),
        ("lib/Curriculum.Notebooks", ["*.cs", "*.csproj", "*.md"]),
        ("lib/Curriculum.Kernel", ["*.cs", "*.csproj", "*.md"]),
        ("lib/Curriculum.Grading", ["*.cs", "*.csproj", "*.md"]),
        ("lib/Curriculum.Cli", ["*.cs", "*.csproj", "*.md"]),
        ("exercises", ["*.cs", "*.csproj"]),
        ("tests/Exercises/Public", ["*.cs"]),
    ];

    /// <summary>Writes the release to <paramref name="outDir"/> (which must be empty or absent); returns the files written.</summary>
    public static List<string> Write(RepoLayout layout, string outDir, bool withSolutions)
    {
        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
            throw new IOException($"{outDir} is not empty: release into a new folder");
        var written = new List<string>();
        void Copy(string relative)
        {
            var target = Path.Combine(outDir, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(layout.Root, relative), target);
            written.Add(relative.Replace('\\', '/'));
        }
        foreach (var file in Files.Where(f => File.Exists(Path.Combine(layout.Root, f))))
            Copy(file);
        var folders = Folders.ToList();
        if (withSolutions) folders.Add(("solutions", ["*.cs", "*.csproj"]));
        foreach (var (folder, patterns) in folders)
        {
            var source = Path.Combine(layout.Root, folder);
            if (!Directory.Exists(source)) continue;
            foreach (var pattern in patterns)
                foreach (var file in Directory.GetFiles(source, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    var relative = Path.GetRelativePath(layout.Root, file);
                    var parts = relative.Split(Path.DirectorySeparatorChar);
                    if (parts.Any(p => p is "bin" or "obj" or "artifacts" or ".git" or "node_modules")) continue;
                    Copy(relative);
                }
        }
        File.WriteAllText(Path.Combine(outDir, "README.md"), LearnersReadme);
        written.Add("README.md");
        return written;
    }

    /// <summary>The learners' README: every command in it works in the release folder as written.</summary>
    public const string LearnersReadme = """
        # Attention, step by step — learner's edition

        The chapters are in `notebooks/`, the library in `lib/`, and your exercises in `exercises/` (one file per chapter,
        `exercises/Chapter05.cs` for chapter 5). Each exercise is a method that throws `NotImplementedException`:
        replace the `throw` with your code. Its XML comment says what to compute, the shapes, and what bad input must do.

        ## Set up once (needs the .NET 10 SDK; Linux, macOS or Windows)

        ```bash
        dotnet build lib/Curriculum.Cli -c Release   # the library, the notebooks' kernel and the curriculum command
        ./curriculum kernel install                  # the Jupyter kernel ".NET (C#)" (kernelspec .net-csharp)
        ```

        On Windows type `curriculum.cmd` where this README says `./curriculum`. To type only `curriculum`, put this folder
        on your PATH.

        ## Open a chapter

        Open `notebooks/01-why-attention.ipynb` in VS Code with the Jupyter extension (`ms-toolsai.jupyter`), or in
        Jupyter Notebook / JupyterLab. The kernel ".NET (C#)" is picked from the notebook itself; run the cells, change
        them, run them again. (The retired Polyglot Notebooks extension cannot load this library: use the Jupyter
        extension's kernel picker if VS Code offers it.)

        ## Check your work

        ```bash
        ./curriculum test 5    # the public checks of chapter 5
        ./curriculum test      # every chapter
        ```

        An untouched exercise shows "not done yet". The grader runs the same public checks plus hidden ones (edge cases
        such as length 1, T ≠ S, Dv ≠ Dk, large scores, fully masked rows, and random inputs checked against the library).
        Do not call the library's own implementation of what an exercise asks for (for example `Ops.Softmax` in the
        softmax exercise), and do not use reflection (`System.Reflection`, `Type.GetMethod`, `Activator`): the grader
        detects both and gives that exercise 0 points.

        In a notebook, the last section ("Exercises") loads your file with `#load "../exercises/ChapterNN.cs"` and shows
        which public checks pass and a plot of your result next to the library's. Where a chapter says `curriculum test N`,
        type `./curriculum test N` here.

        Hand in your `exercises/` folder as your instructor says: the files themselves, not links to them.
        """;
}
