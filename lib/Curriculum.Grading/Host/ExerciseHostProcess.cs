namespace Curriculum.Grading.Host;

/// <summary>Limits of one exercise host.</summary>
public sealed record HostLimits
{
    /// <summary>Default time limit of one call: 2 s.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the host may take to start (a busy 2-core machine needs a few seconds).</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The managed heap limit (DOTNET_GCHeapHardLimit): 512 MiB.</summary>
    public long ManagedHeapBytes { get; init; } = 512L << 20;

    /// <summary>The address-space limit (RLIMIT_AS) that also caps native memory: 4 GiB (the runtime reserves ~2 GiB of
    /// address space it never touches).</summary>
    public long AddressSpaceBytes { get; init; } = 4L << 30;
}

/// <summary>What the host answered to one call, as judged by the trusted side.</summary>
public abstract record HostReply
{
    /// <summary>The exercise returned a value.</summary>
    public sealed record Returned(object? Value) : HostReply;

    /// <summary>The exercise threw.</summary>
    public sealed record Threw(string[] TypeChain, string ParameterName, string Message) : HostReply
    {
        /// <summary>True when the exception is, or derives from, the named type.</summary>
        public bool Is(string fullName) => TypeChain.Contains(fullName, StringComparer.Ordinal);

        /// <summary>The exception's own type name, short.</summary>
        public string TypeName => TypeChain[0][(TypeChain[0].LastIndexOf('.') + 1)..];
    }

    /// <summary>The call did not complete: time limit, host crash or exit, missing method, malformed answer.</summary>
    public sealed record Failed(string Message) : HostReply;
}

/// <summary>
/// The grader's handle on one running exercise host: a <see cref="SandboxedChild"/> (sandboxed, memory-limited, private
/// authenticated socket) that sees only its build folder, and whose whole process tree is killed on a time limit or at
/// the end. One host serves one submission; after a failed call it is dead and <see cref="HostSession"/> starts a fresh one.
/// </summary>
public sealed class ExerciseHostProcess : IDisposable
{
    private readonly SandboxedChild _child;

    private ExerciseHostProcess(SandboxedChild child) => _child = child;

    /// <summary>False once a call failed or the process ended.</summary>
    public bool Alive => _child.Alive;

    /// <summary>Starts a host for the compiled chapters in <paramref name="buildDir"/>.</summary>
    public static async Task<ExerciseHostProcess> StartAsync(string buildDir, HostLimits limits, Isolation isolation, CancellationToken token)
    {
        var full = Path.GetFullPath(buildDir);
        var child = await SandboxedChild.StartAsync(ExerciseHost.Verb, [full], [full], full,
            new ChildLimits(limits.ManagedHeapBytes, limits.AddressSpaceBytes, limits.StartupTimeout), isolation, token);
        return new ExerciseHostProcess(child);
    }

    /// <summary>Calls <c>type.method(arguments)</c> in the host with a time limit; never throws for what the host does.</summary>
    public async Task<HostReply> CallAsync(string type, string method, object?[] arguments, TimeSpan timeout)
    {
        if (!Alive)
            return new HostReply.Failed("the exercise host is not running");
        var request = Wire.Build(w =>
        {
            w.Write(type);
            w.Write(method);
            w.Write(arguments.Length);
            foreach (var a in arguments) Wire.WriteValue(w, a);
        });
        var (frame, failure) = await _child.RequestAsync(request, timeout);
        if (frame is null)
            return new HostReply.Failed(failure switch
            {
                { Kind: ChildFailureKind.TimedOut } => $"timed out after {timeout.TotalSeconds:0.#} s",
                { Kind: ChildFailureKind.NotRunning } => "the exercise host is not running",
                { Kind: ChildFailureKind.Unresponsive } => "the exercise host stopped answering",
                { Aborted: true } => "the program crashed during this call (exit code 134: stack overflow or abort)",
                { Killed: true } => "the program was killed during this call (memory limit?)",
                _ => $"the program ended during this call (Environment.Exit or a crash, exit code {failure?.ExitCode})",
            });
        try
        {
            using var reader = new BinaryReader(new MemoryStream(frame));
            var status = reader.ReadByte();
            HostReply reply = status switch
            {
                ExerciseHost.Ok => new HostReply.Returned(Wire.ReadValue(reader)),
                ExerciseHost.Threw => new HostReply.Threw(reader.ReadString().Split(';'), reader.ReadString(), reader.ReadString()),
                ExerciseHost.Missing => new HostReply.Failed(reader.ReadString()),
                _ => throw new InvalidDataException($"status {status}"),
            };
            if (reader.BaseStream.Position != frame.Length)
                throw new InvalidDataException("trailing bytes");
            return reply;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException or ArgumentException)
        {
            _child.Malformed();
            return new HostReply.Failed("a malformed answer came back from the exercise host");
        }
    }

    /// <summary>Kills the host's process tree and removes its socket folder.</summary>
    public void Stop() => _child.Stop();

    /// <inheritdoc />
    public void Dispose() => _child.Dispose();
}

/// <summary>The host did not start.</summary>
public sealed class HostStartException(string message) : Exception(message);

/// <summary>One submission's host, restarted after any failed call, so a loop or crash costs only that call.</summary>
public sealed class HostSession(string buildDir, HostLimits limits, Isolation isolation) : IDisposable
{
    private ExerciseHostProcess? _host;

    /// <summary>Number of hosts started (1 + restarts).</summary>
    public int Starts { get; private set; }

    /// <summary>Calls an exercise; starts or restarts the host as needed.</summary>
    public async Task<HostReply> CallAsync(string type, string method, object?[] arguments, TimeSpan? timeout = null, CancellationToken token = default)
    {
        if (_host is not { Alive: true })
        {
            _host?.Dispose();
            _host = null;
            try
            {
                Starts++;
                _host = await ExerciseHostProcess.StartAsync(buildDir, limits, isolation, token);
            }
            catch (HostStartException e)
            {
                return new HostReply.Failed(e.Message);
            }
        }
        return await _host.CallAsync(type, method, arguments, timeout ?? limits.CallTimeout);
    }

    /// <inheritdoc />
    public void Dispose() => _host?.Dispose();
}
