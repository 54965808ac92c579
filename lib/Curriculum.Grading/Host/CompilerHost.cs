using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Curriculum.Grading.Host;

/// <summary>
/// The compiler process: the sandboxed child in which Roslyn compiles learners' chapter files
/// (<c>dotnet Curriculum.Grading.dll compiler SOCKET</c>). It sees only the runtime and its own folder (Roslyn and the
/// fixed reference set), never a submission folder, the tests or the solutions: the grader sends it a chapter's source
/// and gets back the assembly bytes, the errors and the library members each public method reaches. No learner code
/// runs in it; it is a child so that a compile that hangs or eats memory (Roslyn binding is exponential in nested
/// lambdas) costs a killed process and that chapter's points, not the grader.
/// </summary>
public static class CompilerHost
{
    /// <summary>The verb that starts the compiler process.</summary>
    public const string Verb = "compiler";

    /// <summary>Entry point of the compiler process (<c>compiler SOCKET</c>).</summary>
    public static int Main(string[] args)
    {
        if (args.Length != 2 || args[0] != Verb)
        {
            Console.Error.WriteLine($"usage: Curriculum.Grading {Verb} <socket>");
            return 2;
        }
        // Warm Roslyn before saying hello: its JIT time then counts against start-up, not the first chapter's time limit.
        SubmissionCompiler.CompileInProcess("Warmup", "public static class Warmup { public static float F(float[] a) => a[0] * 2f; }", TimeSpan.FromMinutes(2));
        using var channel = SandboxedChild.Connect(args[1], out var socket);
        using (socket)
        {
            while (Wire.ReadFrame(channel) is { } frame)
            {
                using var reader = new BinaryReader(new MemoryStream(frame));
                var chapter = reader.ReadString();
                var source = reader.ReadString();
                var limit = TimeSpan.FromMilliseconds(reader.ReadInt32());
                var outcome = SubmissionCompiler.CompileInProcess(chapter, source, limit);
                Wire.WriteFrame(channel, Encode(outcome));   // after OutOfMemory the grader stops this process
            }
        }
        return 0;
    }

    internal static byte[] Encode(CompileOutcome outcome) => Wire.Build(w =>
    {
        w.Write((byte)outcome.Status);
        w.Write(outcome.Errors.Count);
        foreach (var e in outcome.Errors) w.Write(e);
        w.Write(outcome.Assembly.Length);
        w.Write(outcome.Assembly);
        w.Write(outcome.LibraryCalls.Count);
        foreach (var (method, calls) in outcome.LibraryCalls)
        {
            w.Write(method);
            w.Write(calls.Count);
            foreach (var c in calls) w.Write(c);
        }
    });

    /// <summary>Reads a reply; throws <see cref="InvalidDataException"/> or <see cref="EndOfStreamException"/> on anything malformed.</summary>
    internal static CompileOutcome Decode(byte[] frame)
    {
        using var reader = new BinaryReader(new MemoryStream(frame));
        int Count(int bytesEach)
        {
            int n = reader.ReadInt32();
            if (n < 0 || (long)n * bytesEach > reader.BaseStream.Length - reader.BaseStream.Position)
                throw new InvalidDataException($"a count of {n} does not fit in the frame");
            return n;
        }
        var status = (CompileStatus)reader.ReadByte();
        if (!Enum.IsDefined(status))
            throw new InvalidDataException($"compile status {(byte)status}");
        var errors = Enumerable.Range(0, Count(1)).Select(_ => reader.ReadString()).ToList();
        var assembly = reader.ReadBytes(Count(1));
        var calls = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        for (int i = Count(2); i > 0; i--)
        {
            var method = reader.ReadString();
            calls[method] = Enumerable.Range(0, Count(1)).Select(_ => reader.ReadString()).ToHashSet(StringComparer.Ordinal);
        }
        if (reader.BaseStream.Position != frame.Length)
            throw new InvalidDataException("trailing bytes");
        if ((status == CompileStatus.Compiled) != (assembly.Length > 0) || (status == CompileStatus.Errors) != (errors.Count > 0))
            throw new InvalidDataException("status and contents disagree");
        return new CompileOutcome(status, errors, assembly, calls);
    }
}

/// <summary>Limits of one compiler process.</summary>
public sealed record CompilerLimits
{
    /// <summary>The managed heap limit (DOTNET_GCHeapHardLimit): 1 GiB.</summary>
    public long ManagedHeapBytes { get; init; } = 1L << 30;

    /// <summary>The address-space limit (RLIMIT_AS) that also caps native memory: 6 GiB.</summary>
    public long AddressSpaceBytes { get; init; } = 6L << 30;

    /// <summary>How long start-up may take, Roslyn's warm-up included (a busy 2-core machine needs several seconds).</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Beyond a chapter's time limit, how long the grader waits for the compiler to notice before killing it.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The largest chapter file compiled: 1 MiB.</summary>
    public int MaxSourceBytes { get; init; } = 1 << 20;
}

/// <summary>
/// The trusted side of compiling: sandboxed compiler processes (<see cref="CompilerHost"/>), started on demand and kept
/// warm between submissions of one grading run (they run no learner code, so a warm compiler may serve many learners;
/// an exercise host never does), and a memo of finished compiles keyed by the chapter's exact text. The grader reads each chapter file itself, sends its text, enforces the time limit
/// (a compiler that does not answer within it plus <see cref="CompilerLimits.KillGrace"/> is killed) and re-checks the
/// assembly that comes back before anything loads it: a readable assembly named after the chapter, defining the
/// top-level chapter class, referencing only the fixed reference set.
/// </summary>
public sealed class CompilerPool(Isolation isolation, CompilerLimits? limits = null) : IDisposable
{
    private readonly CompilerLimits _limits = limits ?? new();
    private readonly ConcurrentBag<SandboxedChild> _idle = [];
    private readonly ConcurrentDictionary<string, CompileOutcome> _done = new(StringComparer.Ordinal);
    private int _starts, _compiles;

    /// <summary>Compiler processes started so far.</summary>
    public int Starts => _starts;

    /// <summary>Chapter files sent to a compiler so far; a file whose exact text was compiled before in this pool (an
    /// untouched stub, a chapter copied from the same starting point) is answered from the first compile instead.</summary>
    public int Compiles => _compiles;

    /// <summary>Compiles <c>Chapter*.cs</c> of <paramref name="submissionDir"/> into <paramref name="buildDir"/>, one
    /// chapter at a time in one compiler process (restarted after a limit or crash).</summary>
    /// <param name="submissionDir">A learner's copy of <c>exercises/</c>.</param>
    /// <param name="buildDir">Where <c>ChapterNN.dll</c> files go (created).</param>
    /// <param name="chapters">The chapter class names to compile (e.g. Chapter01 … Chapter06).</param>
    /// <param name="timeLimit">Per chapter file.</param>
    /// <param name="token">Cancels grading.</param>
    public async Task<List<CompiledChapter>> CompileAllAsync(string submissionDir, string buildDir, IEnumerable<string> chapters, TimeSpan timeLimit, CancellationToken token)
    {
        Directory.CreateDirectory(buildDir);
        var results = new List<CompiledChapter>();
        SandboxedChild? compiler = null;
        try
        {
            foreach (var chapter in chapters)
            {
                token.ThrowIfCancellationRequested();
                var source = ReadSource(submissionDir, chapter, out var problem);
                if (source is null)
                {
                    results.Add(CompiledChapter.Failed(chapter, problem));
                    continue;
                }
                var output = Path.Combine(buildDir, chapter + ".dll");
                // The compile is deterministic: the same chapter text gives the same assembly, errors and library calls.
                var key = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(chapter + "\0" + source)));
                if (_done.TryGetValue(key, out var known))
                {
                    results.Add(await AcceptAsync(known, chapter, output));
                    continue;
                }
                if (compiler is not { Alive: true })
                {
                    compiler?.Dispose();
                    compiler = null;
                    try { compiler = await RentAsync(token); }
                    catch (HostStartException e)
                    {
                        results.Add(CompiledChapter.Failed(chapter, $"could not be compiled: {e.Message}"));
                        continue;
                    }
                }
                results.Add(await CompileAsync(compiler, key, chapter, source, output, timeLimit));
            }
        }
        finally
        {
            if (compiler is { Alive: true }) _idle.Add(compiler);
            else compiler?.Dispose();
        }
        return results;
    }

    private async Task<CompiledChapter> CompileAsync(SandboxedChild compiler, string key, string chapter, string source, string outputPath, TimeSpan timeLimit)
    {
        Interlocked.Increment(ref _compiles);
        var request = Wire.Build(w => { w.Write(chapter); w.Write(source); w.Write((int)Math.Clamp(timeLimit.TotalMilliseconds, 1, int.MaxValue)); });
        var (frame, failure) = await compiler.RequestAsync(request, timeLimit + _limits.KillGrace);
        var timedOut = $"compile timed out after {timeLimit.TotalSeconds:0.###} s";
        if (frame is null)
            return CompiledChapter.Failed(chapter, failure switch
            {
                { Kind: ChildFailureKind.TimedOut } => timedOut,
                { Killed: true } => $"compile ran out of memory (the compiler was killed at its {_limits.AddressSpaceBytes >> 30} GiB limit)",
                { Aborted: true } => "the compiler crashed on this file (exit code 134: out of memory, or a compiler bug)",
                { Kind: ChildFailureKind.Ended } => $"the compiler crashed on this file (exit code {failure.ExitCode})",
                _ => "the compiler stopped answering",
            });
        CompileOutcome outcome;
        try { outcome = CompilerHost.Decode(frame); }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ArgumentException or IOException)
        {
            compiler.Malformed();
            return CompiledChapter.Failed(chapter, "the compiler sent a malformed answer");
        }
        switch (outcome.Status)
        {
            case CompileStatus.TimedOut:
                return CompiledChapter.Failed(chapter, timedOut);
            case CompileStatus.OutOfMemory:
                compiler.Malformed();   // its heap may be left in any state: a fresh compiler serves the next chapter
                return CompiledChapter.Failed(chapter, $"compile ran out of memory (limit {_limits.ManagedHeapBytes >> 20} MiB)");
            case CompileStatus.Compiled when AssemblyProblem(outcome.Assembly, chapter) is { } wrong:
                compiler.Malformed();
                return CompiledChapter.Failed(chapter, $"the compiler's assembly was rejected: {wrong}");
        }
        _done.TryAdd(key, outcome);   // only answers that do not depend on time or load
        return await AcceptAsync(outcome, chapter, outputPath);
    }

    private static async Task<CompiledChapter> AcceptAsync(CompileOutcome outcome, string chapter, string outputPath)
    {
        if (outcome.Status == CompileStatus.Errors)
            return CompiledChapter.NotCompiling(chapter, outcome.Errors);
        await File.WriteAllBytesAsync(outputPath, outcome.Assembly);
        return new CompiledChapter(chapter, [], outcome.LibraryCalls);
    }

    private string? ReadSource(string submissionDir, string chapter, out string problem)
    {
        var file = Path.Combine(submissionDir, chapter + ".cs");
        problem = "";
        try
        {
            var info = new FileInfo(file);
            if (!info.Exists && info.LinkTarget is null) { problem = $"{chapter}.cs is missing"; return null; }
            // A link could point at solutions/ or another learner's file: only the submission's own files are graded.
            if (info.LinkTarget is not null || info.Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                problem = $"{chapter}.cs is a link (to {info.LinkTarget ?? "elsewhere"}), not a file: hand in the file itself";
                return null;
            }
            if (info.Length > _limits.MaxSourceBytes) { problem = $"{chapter}.cs is larger than {_limits.MaxSourceBytes >> 10} KiB"; return null; }
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"{chapter}.cs cannot be read: {e.Message}";
            return null;
        }
    }

    private async Task<SandboxedChild> RentAsync(CancellationToken token)
    {
        while (_idle.TryTake(out var warm))
        {
            if (warm.Alive) return warm;
            warm.Dispose();
        }
        Interlocked.Increment(ref _starts);
        var here = Path.GetTempPath();
        return await SandboxedChild.StartAsync(CompilerHost.Verb, [], [], here,
            new ChildLimits(_limits.ManagedHeapBytes, _limits.AddressSpaceBytes, _limits.StartupTimeout), isolation, token);
    }

    /// <summary>The trusted re-check of an assembly before it is written and loaded: null when acceptable.</summary>
    internal static string? AssemblyProblem(byte[] image, string chapter)
    {
        try
        {
            using var pe = new PEReader(ImmutableArray.Create(image));
            if (!pe.HasMetadata)
                return "no metadata";
            var metadata = pe.GetMetadataReader();
            if (!metadata.IsAssembly || metadata.GetString(metadata.GetAssemblyDefinition().Name) != chapter)
                return $"not an assembly named {chapter}";
            if (!metadata.TypeDefinitions.Select(metadata.GetTypeDefinition)
                    .Any(t => t.GetDeclaringType().IsNil && metadata.GetString(t.Name) == chapter && metadata.GetString(t.Namespace).Length == 0))
                return $"no top-level class {chapter}";
            foreach (var handle in metadata.AssemblyReferences)
            {
                var name = metadata.GetString(metadata.GetAssemblyReference(handle).Name);
                if (!SubmissionCompiler.ReferenceNames.Contains(name))
                    return $"it references {name}, outside the fixed reference set";
            }
            return null;
        }
        catch (BadImageFormatException e)
        {
            return $"unreadable ({e.Message})";
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        while (_idle.TryTake(out var compiler))
            compiler.Dispose();
    }
}
