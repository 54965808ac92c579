using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using Curriculum.Execution;

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
/// The grader's handle on one running exercise host: starts it (sandboxed, limited), talks to it over a private Unix
/// socket that only this grader listens on, and kills its whole process tree on a time limit or at the end.
/// One host serves one submission; after a failed call it is dead and <see cref="HostSession"/> starts a fresh one.
/// </summary>
public sealed class ExerciseHostProcess : IDisposable
{
    private readonly Process _process;
    private readonly Socket _connection;
    private readonly NetworkStream _channel;
    private readonly string _channelDir;
    private readonly string _tag;

    private ExerciseHostProcess(Process process, Socket connection, string channelDir, string tag)
    {
        _tag = tag;
        _process = process;
        _connection = connection;
        _channel = new NetworkStream(connection, ownsSocket: false);
        _channelDir = channelDir;
    }

    /// <summary>False once a call failed or the process ended.</summary>
    public bool Alive { get; private set; } = true;

    /// <summary>Starts a host for the compiled chapters in <paramref name="buildDir"/>.</summary>
    public static async Task<ExerciseHostProcess> StartAsync(string buildDir, HostLimits limits, Isolation isolation, CancellationToken token)
    {
        var hostDll = typeof(ExerciseHost).Assembly.Location;
        var channelDir = Directory.CreateTempSubdirectory("curriculum-host-").FullName;
        var socketPath = Path.Combine(channelDir, "host.sock");
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var tag = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        Process? process = null;
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            listener.Listen(1);
            var dotnet = DotnetHost();
            var command = new List<string> { dotnet, "exec", "--runtimeconfig", Path.ChangeExtension(hostDll, ".runtimeconfig.json"), hostDll, ExerciseHost.Verb, socketPath, Path.GetFullPath(buildDir) };
            var readOnly = new[] { Path.GetDirectoryName(Path.GetFullPath(dotnet))!, Path.GetDirectoryName(hostDll)!, Path.GetFullPath(buildDir) };
            var argv = Sandbox.Wrap(command, readOnly, channelDir, limits.AddressSpaceBytes, isolation);
            var start = new ProcessStartInfo(argv[0])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
                WorkingDirectory = isolation == Isolation.Bubblewrap ? "/" : buildDir,
            };
            foreach (var a in argv.Skip(1)) start.ArgumentList.Add(a);
            start.Environment[ProcessTree.TagVariable] = tag;
            start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + limits.ManagedHeapBytes.ToString("X");
            start.Environment["DOTNET_GCgen0size"] = "0x4000000";
            start.Environment["DOTNET_TieredPGO"] = "0";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_EnableDiagnostics"] = "0";
            process = Process.Start(start) ?? throw new InvalidOperationException("could not start the exercise host");
            // What the host prints is drained and dropped: it never reaches a verdict.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.StandardInput.WriteLine(secret);
            process.StandardInput.Close();

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(limits.StartupTimeout);
            Socket connection;
            try
            {
                var exited = process.WaitForExitAsync(timeout.Token);
                var accept = listener.AcceptAsync(timeout.Token).AsTask();
                if (await Task.WhenAny(accept, exited) == exited && exited.IsCompletedSuccessfully)
                {
                    await timeout.CancelAsync();
                    throw new HostStartException($"the exercise host ended while starting (exit code {process.ExitCode})");
                }
                connection = await accept;
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                throw new HostStartException($"the exercise host did not start within {limits.StartupTimeout.TotalSeconds:0} s" + (process.HasExited ? $" (exit code {process.ExitCode})" : ""));
            }
            var host = new ExerciseHostProcess(process, connection, channelDir, tag);
            var hello = await Task.Run(() => Wire.ReadFrame(host._channel)).WaitAsync(limits.StartupTimeout, token);
            using var reader = new BinaryReader(new MemoryStream(hello ?? []));
            if (hello is null || reader.ReadString() != "hello"
                || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(reader.ReadString()), System.Text.Encoding.ASCII.GetBytes(secret)))
            {
                host.Dispose();
                throw new HostStartException("the exercise host did not identify itself");
            }
            return host;
        }
        catch
        {
            if (process is not null) ProcessTree.Kill(process, tag);
            TryDelete(channelDir);
            throw;
        }
        finally
        {
            listener.Dispose();
        }
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
        var read = Task.Run(() =>
        {
            Wire.WriteFrame(_channel, request);
            return Wire.ReadFrame(_channel);
        });
        byte[]? frame;
        try
        {
            frame = await read.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            Stop();
            return new HostReply.Failed($"timed out after {timeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or SocketException or ObjectDisposedException)
        {
            frame = null;
        }
        if (frame is null)
            return new HostReply.Failed(Ended());
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
            Stop();
            return new HostReply.Failed("a malformed answer came back from the exercise host");
        }
    }

    private string Ended()
    {
        Alive = false;
        if (!_process.WaitForExit(2000))
        {
            Stop();
            return "the exercise host stopped answering";
        }
        var code = _process.ExitCode;
        Stop();
        return code switch
        {
            134 or -6 => "the program crashed during this call (exit code 134: stack overflow or abort)",
            137 or -9 => "the program was killed during this call (memory limit?)",
            _ => $"the program ended during this call (Environment.Exit or a crash, exit code {code})",
        };
    }

    /// <summary>Kills the host's process tree and removes its socket folder.</summary>
    public void Stop()
    {
        Alive = false;
        ProcessTree.Kill(_process, _tag);
        _channel.Dispose();
        _connection.Dispose();
        TryDelete(_channelDir);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }

    private static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static string DotnetHost()
    {
        var path = Environment.ProcessPath;
        if (path is not null && Path.GetFileNameWithoutExtension(path) == "dotnet")
            return new FileInfo(path).LinkTarget is { } target ? Path.GetFullPath(target, Path.GetDirectoryName(path)!) : path;
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (root is not null && File.Exists(Path.Combine(root, "dotnet")))
            return Path.Combine(root, "dotnet");
        var fromRuntime = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
        return File.Exists(fromRuntime) ? fromRuntime : "dotnet";
    }
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
