namespace Curriculum.Grading;

/// <summary>The outcome of <c>curriculum validate</c>.</summary>
/// <param name="Lines">One line per submission checked: ok or what is wrong.</param>
/// <param name="Problems">Number of failures; 0 = valid.</param>
/// <param name="Results">Each graded submission by the name its line uses ("solutions", "stubs", "wrong/NAME",
/// "hostile/NAME"), so tests can look closer at one run instead of grading again.</param>
public sealed record ValidationReport(IReadOnlyList<string> Lines, int Problems, IReadOnlyDictionary<string, SubmissionResult> Results);

/// <summary>
/// Checks the exercises against themselves: the solutions score full marks, the untouched stubs zero, and every
/// wrong-answer and hostile corpus entry loses exactly what its header states, on its exercise only.
/// </summary>
public static class Validator
{
    /// <summary>Runs every check.</summary>
    public static async Task<ValidationReport> RunAsync(RepoLayout layout, string hiddenDir, int jobs, Action<string>? progress, CancellationToken token)
    {
        var lines = new List<string>();
        var graded = new Dictionary<string, SubmissionResult>(StringComparer.Ordinal);
        int problems = 0;
        void Problem(string line) { lines.Add("FAIL " + line); problems++; }

        var suite = TestSuite.Load(layout.PublicTests, hiddenDir);
        foreach (var p in suite.Problems) Problem(p);
        var work = Directory.CreateTempSubdirectory("curriculum-validate-").FullName;
        try
        {
            var entries = new List<(string Name, string Dir, CorpusEntry? Entry)>
            {
                ("solutions", layout.Solutions, null),
                ("stubs", layout.Exercises, null),
            };
            var isolation = Host.Sandbox.Available;
            lines.Add(Host.Sandbox.Describe(isolation));
            foreach (var (kind, folder) in new[] { ("wrong", layout.WrongCorpus), ("hostile", layout.HostileCorpus) })
            {
                if (!Directory.Exists(folder)) { Problem($"{kind} corpus folder missing: {folder}"); continue; }
                foreach (var entry in CorpusEntry.Load(folder))
                {
                    if (entry.NeedsSandbox && isolation != Host.Isolation.Bubblewrap)
                    {
                        // Never run these without the sandbox: they read and delete files outside their folder.
                        lines.Add($"skip {kind}/{entry.Name}: needs bubblewrap ({entry.Why})");
                        continue;
                    }
                    var dir = Path.Combine(work, $"{kind}-{entry.Name}");
                    entry.WriteSubmission(layout.Solutions, dir);
                    entries.Add(($"{kind}/{entry.Name}", dir, entry));
                }
            }
            var results = await GradeManyAsync(entries.Select(e => e.Dir).ToList(), suite, jobs, new GradeOptions { Isolation = isolation }, progress, token);
            for (int i = 0; i < entries.Count; i++)
            {
                var (name, _, entry) = entries[i];
                var result = results[i];
                graded[name] = result;
                if (entry is null)
                {
                    bool ok = name == "solutions" ? result.Points == result.Possible : result.Points == 0 && result.Exercises.All(e => e.Status == "not done");
                    if (ok) lines.Add($"ok   {name}: {result.Points} / {result.Possible}");
                    else Problem($"{name}: {result.Points} / {result.Possible}; " + string.Join("; ", result.Exercises.Where(e => name == "solutions" ? e.Status != "passed" : e.Status != "not done").Take(3).Select(e => $"{e.Exercise} {e.Status}: {e.Message}")));
                    continue;
                }
                var broken = result.Exercises.Single(e => e.Exercise == entry.Exercise);
                var inChapter = entry.Loses == "chapter";
                var others = result.Exercises.Where(e => inChapter ? !e.Exercise.StartsWith(entry.Chapter + ".", StringComparison.Ordinal) : e.Exercise != entry.Exercise).Where(e => e.Points != e.Possible).ToList();
                int expectedLoss = entry.Loses switch
                {
                    "all" => broken.Possible,
                    "chapter" => result.Exercises.Where(e => e.Exercise.StartsWith(entry.Chapter + ".", StringComparison.Ordinal)).Sum(e => e.Possible),
                    var n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture),
                };
                int lost = result.Possible - result.Points;
                if (others.Count == 0 && lost == expectedLoss)
                    lines.Add($"ok   {name}: loses {lost} on {(inChapter ? entry.Chapter : entry.Exercise)} ({broken.Status}: {Short(broken.Message)})");
                else
                    Problem($"{name}: expected to lose {expectedLoss} on {entry.Exercise} only, lost {lost}" + (others.Count > 0 ? "; also lost: " + string.Join(", ", others.Select(o => $"{o.Exercise} ({o.Status}: {Short(o.Message)})")) : $" ({broken.Status}: {Short(broken.Message)})"));
            }
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
        return new ValidationReport(lines, problems, graded);
    }

    /// <summary>Grades many submission folders, <paramref name="jobs"/> at a time; results in input order.</summary>
    public static async Task<SubmissionResult[]> GradeManyAsync(IReadOnlyList<string> dirs, TestSuite suite, int jobs, GradeOptions options, Action<string>? progress, CancellationToken token)
    {
        var results = new SubmissionResult[dirs.Count];
        using var ownCompilers = options.Compilers is null ? new Host.CompilerPool(options.Isolation, options.CompilerLimits) : null;
        options = options with { Compilers = options.Compilers ?? ownCompilers };
        using var slots = new SemaphoreSlim(Math.Max(1, jobs));
        int done = 0;
        await Task.WhenAll(dirs.Select(async (dir, i) =>
        {
            await slots.WaitAsync(token);
            try
            {
                results[i] = await Task.Run(() => Grader.GradeAsync(dir, suite, options, token), token);
                progress?.Invoke($"[{Interlocked.Increment(ref done)}/{dirs.Count}] {results[i].Submission}: {results[i].Points} / {results[i].Possible}");
            }
            finally { slots.Release(); }
        }));
        return results;
    }

    private static string Short(string s) => s.Length > 140 ? s[..140] + "…" : s;
}

/// <summary>Where things live in the repository.</summary>
/// <param name="Root">The repository root (holds Curriculum.sln).</param>
public sealed record RepoLayout(string Root)
{
    /// <summary>The learner's stubs.</summary>
    public string Exercises => Path.Combine(Root, "exercises");
    /// <summary>The instructor's solutions.</summary>
    public string Solutions => Path.Combine(Root, "solutions");
    /// <summary>Public tests.</summary>
    public string PublicTests => Path.Combine(Root, "tests", "Exercises", "Public");
    /// <summary>Hidden tests (default location; <c>--tests DIR</c> replaces it).</summary>
    public string HiddenTests => Path.Combine(Root, "tests", "Exercises", "Hidden");
    /// <summary>Wrong-answer corpus.</summary>
    public string WrongCorpus => Path.Combine(Root, "tests", "Exercises", "Wrong");
    /// <summary>Hostile corpus.</summary>
    public string HostileCorpus => Path.Combine(Root, "tests", "Exercises", "Hostile");

    /// <summary>The repository above <paramref name="start"/>, or null.</summary>
    public static RepoLayout? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Curriculum.sln")) || (Directory.Exists(Path.Combine(dir.FullName, "exercises")) && Directory.Exists(Path.Combine(dir.FullName, "tests", "Exercises"))))
                return new RepoLayout(dir.FullName);
        return null;
    }
}
