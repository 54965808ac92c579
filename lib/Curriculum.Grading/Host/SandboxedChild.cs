using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using Curriculum.Execution;

namespace Curriculum.Grading.Host;

/// <summary>Limits of one sandboxed child process (the exercise host or the compiler).</summary>
/// <param name="ManagedHeapBytes">DOTNET_GCHeapHardLimit.</param>
/// <param name="AddressSpaceBytes">RLIMIT_AS: covers managed and native memory.</param>
/// <param name="StartupTimeout">How long start-up and the handshake may take.</param>
internal sealed record ChildLimits(long ManagedHeapBytes, long AddressSpaceBytes, TimeSpan StartupTimeout);

/// <summary>How a request to a child failed.</summary>
internal enum ChildFailureKind { NotRunning, TimedOut, Ended, Unresponsive }

/// <summary>Why a request to a child got no reply.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="ExitCode">The child's exit code when it ended (134: stack overflow or abort; 137: killed).</param>
/// <param name="Timeout">The request's time limit.</param>
internal sealed record ChildFailure(ChildFailureKind Kind, int ExitCode, TimeSpan Timeout)
{
    /// <summary>Killed by a signal the memory limits send (SIGKILL) or an abort the runtime takes on OOM.</summary>
    public bool Killed => ExitCode is 137 or -9;

    /// <summary>Stack overflow or abort.</summary>
    public bool Aborted => ExitCode is 134 or -6;
}

/// <summary>
/// One untrusted child process of the grader (<c>dotnet Curriculum.Grading.dll VERB SOCKET ARGS…</c>), started under
/// <see cref="Sandbox"/> with memory limits, and its private channel: a Unix socket in a fresh folder that only this
/// grader listens on, accepted once, authenticated by a per-child secret that the child reads from its stdin (never its
/// command line or environment). What the child prints is drained and dropped. Requests and replies are
/// length-prefixed frames (<see cref="Wire"/>); every wait is bounded and a failed request kills the process tree.
/// </summary>
internal sealed class SandboxedChild : IDisposable
{
    private readonly Process _process;
    private readonly Socket _connection;
    private readonly NetworkStream _channel;
    private readonly string _channelDir;
    private readonly string _tag;

    private SandboxedChild(Process process, Socket connection, string channelDir, string tag)
    {
        _process = process;
        _connection = connection;
        _channel = new NetworkStream(connection, ownsSocket: false);
        _channelDir = channelDir;
        _tag = tag;
    }

    /// <summary>False once a request failed or the process ended.</summary>
    public bool Alive { get; private set; } = true;

    /// <summary>Starts <c>Curriculum.Grading.dll <paramref name="verb"/> SOCKET <paramref name="arguments"/></c> in the sandbox.</summary>
    /// <param name="verb">The child's role: <see cref="ExerciseHost.Verb"/> or <see cref="CompilerHost.Verb"/>.</param>
    /// <param name="arguments">Its arguments after the socket path.</param>
    /// <param name="readOnly">Folders the child may read besides the runtime and its own folder.</param>
    /// <param name="workingDirectory">The working directory without bubblewrap (inside it, always /tmp).</param>
    /// <param name="limits">Memory and start-up limits.</param>
    /// <param name="isolation">The sandbox to use.</param>
    /// <param name="token">Cancels the start.</param>
    public static async Task<SandboxedChild> StartAsync(string verb, IReadOnlyList<string> arguments, IEnumerable<string> readOnly, string workingDirectory,
        ChildLimits limits, Isolation isolation, CancellationToken token)
    {
        var childDll = typeof(SandboxedChild).Assembly.Location;
        var channelDir = Directory.CreateTempSubdirectory("curriculum-child-").FullName;
        var socketPath = Path.Combine(channelDir, "child.sock");
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var tag = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        Process? process = null;
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            listener.Listen(1);
            var dotnet = DotnetHost();
            var command = new List<string> { dotnet, "exec", "--runtimeconfig", Path.ChangeExtension(childDll, ".runtimeconfig.json"), childDll, verb, socketPath };
            command.AddRange(arguments);
            var visible = readOnly.Prepend(Path.GetDirectoryName(childDll)!).Prepend(Path.GetDirectoryName(Path.GetFullPath(dotnet))!);
            var argv = Sandbox.Wrap(command, visible, channelDir, limits.AddressSpaceBytes, isolation);
            var start = new ProcessStartInfo(argv[0])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
                WorkingDirectory = isolation == Isolation.Bubblewrap ? "/" : workingDirectory,
            };
            foreach (var a in argv.Skip(1)) start.ArgumentList.Add(a);
            start.Environment[ProcessTree.TagVariable] = tag;
            start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + limits.ManagedHeapBytes.ToString("X");
            start.Environment["DOTNET_GCgen0size"] = "0x4000000";
            start.Environment["DOTNET_TieredPGO"] = "0";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_EnableDiagnostics"] = "0";
            process = await Spawner.StartAsync(start) ?? throw new InvalidOperationException($"could not start the {verb}");
            // What the child prints is drained and dropped: it never reaches a verdict.
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
                    throw new HostStartException($"the {verb} ended while starting (exit code {process.ExitCode})");
                }
                connection = await accept;
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                throw new HostStartException($"the {verb} did not start within {limits.StartupTimeout.TotalSeconds:0} s" + (process.HasExited ? $" (exit code {process.ExitCode})" : ""));
            }
            var child = new SandboxedChild(process, connection, channelDir, tag);
            var hello = await Task.Run(() => Wire.ReadFrame(child._channel)).WaitAsync(limits.StartupTimeout, token);
            using var reader = new BinaryReader(new MemoryStream(hello ?? []));
            if (hello is null || reader.ReadString() != "hello"
                || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(reader.ReadString()), System.Text.Encoding.ASCII.GetBytes(secret)))
            {
                child.Dispose();
                throw new HostStartException($"the {verb} did not identify itself");
            }
            return child;
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

    /// <summary>Sends one request frame and waits for the reply frame.</summary>
    /// <returns>The reply, or null and why not; after a null the child is stopped.</returns>
    public async Task<(byte[]? Reply, ChildFailure? Failure)> RequestAsync(byte[] request, TimeSpan timeout)
    {
        if (!Alive)
            return (null, new ChildFailure(ChildFailureKind.NotRunning, 0, timeout));
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
            return (null, new ChildFailure(ChildFailureKind.TimedOut, 0, timeout));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or SocketException or ObjectDisposedException)
        {
            frame = null;
        }
        return frame is null ? (null, Ended(timeout)) : (frame, null);
    }

    /// <summary>After a reply that could not be read: the child is not believed again.</summary>
    public void Malformed() => Stop();

    private ChildFailure Ended(TimeSpan timeout)
    {
        Alive = false;
        if (!_process.WaitForExit(2000))
        {
            Stop();
            return new ChildFailure(ChildFailureKind.Unresponsive, 0, timeout);
        }
        var code = _process.ExitCode;
        Stop();
        return new ChildFailure(ChildFailureKind.Ended, code, timeout);
    }

    /// <summary>Kills the child's process tree and removes its socket folder.</summary>
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

    /// <summary>Child side: reads the secret from stdin, connects to the grader's socket and says hello; then silences
    /// the console (what the child or learner code prints goes nowhere the grader reads).</summary>
    internal static NetworkStream Connect(string socketPath, out Socket socket)
    {
        var secret = Console.In.ReadLine() ?? "";
        socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        var channel = new NetworkStream(socket, ownsSocket: false);
        Wire.WriteFrame(channel, Wire.Build(w => { w.Write("hello"); w.Write(secret); }));
        Console.SetOut(TextWriter.Null);
        Console.SetError(TextWriter.Null);
        Console.SetIn(TextReader.Null);
        return channel;
    }

    /// <summary>
    /// Starts processes from one thread that lives as long as the grader. <c>bwrap --die-with-parent</c> sets
    /// PR_SET_PDEATHSIG, which fires when the <em>thread</em> that forked the child ends, not the process: a child started
    /// from a thread-pool thread gets SIGKILL when the pool retires that thread (seen as a compile or a call "killed"
    /// after some seconds of a busy test run). Forking from this thread keeps "dies with the grader" and nothing else.
    /// </summary>
    private static class Spawner
    {
        private static readonly System.Collections.Concurrent.BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process?> Done)> Queue = [];
        private static readonly Lazy<Thread> SpawnThread = new(() =>
        {
            var thread = new Thread(() =>
            {
                foreach (var (start, done) in Queue.GetConsumingEnumerable())
                {
                    try { done.SetResult(Process.Start(start)); }
                    catch (Exception e) { done.SetException(e); }
                }
            }) { IsBackground = true, Name = "sandbox spawner" };
            thread.Start();
            return thread;
        });

        public static Task<Process?> StartAsync(ProcessStartInfo start)
        {
            _ = SpawnThread.Value;
            var done = new TaskCompletionSource<Process?>(TaskCreationOptions.RunContinuationsAsynchronously);
            Queue.Add((start, done));
            return done.Task;
        }
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
