using System.Reflection;
using System.Runtime.Loader;

namespace Curriculum.Grading.Host;

/// <summary>
/// The exercise host: the child process in which a learner's compiled chapters run
/// (<c>dotnet Curriculum.Grading.dll exercise-host SOCKET BUILD-DIR</c>, inside the sandbox). It connects to the grader's
/// private Unix socket, proves itself with the per-run secret, then answers calls: "run exercise X with these inputs"
/// → the outputs, or the exception the learner's code threw. It never sees a test, an expected value or a verdict;
/// whatever it (or the learner's code) prints goes nowhere the grader reads.
/// </summary>
public static class ExerciseHost
{
    /// <summary>The verb that starts the host.</summary>
    public const string Verb = "exercise-host";


    internal const byte Ok = 0, Threw = 1, Missing = 2;

    /// <summary>Entry point of Curriculum.Grading.dll as a program: the exercise host, or the compiler process
    /// (<see cref="CompilerHost"/>).</summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == CompilerHost.Verb)
            return CompilerHost.Main(args);
        if (args.Length != 3 || args[0] != Verb)
        {
            Console.Error.WriteLine($"usage: Curriculum.Grading {Verb} <socket> <build-dir> | {CompilerHost.Verb} <socket>");
            return 2;
        }
        // The per-host secret arrives as the first line of stdin (as in the execution core): never on a command line or
        // in the environment, where other processes could read it.
        using var channel = SandboxedChild.Connect(args[1], out var socket);
        using var owned = socket;

        var chapters = new Dictionary<string, Assembly?>(StringComparer.Ordinal);
        while (Wire.ReadFrame(channel) is { } frame)
        {
            using var reader = new BinaryReader(new MemoryStream(frame));
            var type = reader.ReadString();
            var method = reader.ReadString();
            var arguments = new object?[reader.ReadInt32()];
            for (int i = 0; i < arguments.Length; i++)
                arguments[i] = Wire.ReadValue(reader);
            byte[] reply;
            try
            {
                reply = Call(chapters, args[2], type, method, arguments);
            }
            catch (Exception e)
            {
                reply = Wire.Build(w => { w.Write(Missing); w.Write($"{e.GetType().Name}: {e.Message}"); });
            }
            Wire.WriteFrame(channel, reply);
        }
        return 0;
    }

    private static byte[] Call(Dictionary<string, Assembly?> chapters, string buildDir, string type, string method, object?[] arguments)
    {
        if (!chapters.TryGetValue(type, out var assembly))
        {
            var path = Path.Combine(buildDir, type + ".dll");
            chapters[type] = assembly = File.Exists(path) ? AssemblyLoadContext.Default.LoadFromAssemblyPath(path) : null;
        }
        var target = assembly?.GetType(type);
        if (target is null)
            return Wire.Build(w => { w.Write(Missing); w.Write($"class {type} not found"); });
        var candidates = target.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name == method).ToList();
        var chosen = candidates.FirstOrDefault(m => Matches(m, arguments));
        if (chosen is null)
        {
            var shown = candidates.Count == 0 ? "no such method" : "its parameters changed: " + string.Join("; ", candidates.Select(m => m.ToString()));
            return Wire.Build(w => { w.Write(Missing); w.Write($"{type}.{method}: {shown}"); });
        }
        object? result;
        try
        {
            result = chosen.Invoke(null, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            return ThrewReply(inner);
        }
        try
        {
            return Wire.Build(w => { w.Write(Ok); Wire.WriteValue(w, result); });
        }
        catch (ArgumentException e)
        {
            return Wire.Build(w => { w.Write(Missing); w.Write(e.Message); });
        }
    }

    private static byte[] ThrewReply(Exception e)
    {
        var chain = new List<string>();
        for (var t = e.GetType(); t is not null; t = t.BaseType)
            chain.Add(t.FullName ?? t.Name);
        var parameter = (e as ArgumentException)?.ParamName ?? "";
        var message = e.Message;
        if (e is TypeInitializationException { InnerException: { } inner })
            message += $" ({inner.GetType().Name}: {inner.Message})";
        return Wire.Build(w => { w.Write(Threw); w.Write(string.Join(";", chain)); w.Write(parameter); w.Write(message); });
    }

    private static bool Matches(MethodInfo method, object?[] arguments)
    {
        var parameters = method.GetParameters();
        if (parameters.Length != arguments.Length)
            return false;
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i].ParameterType;
            if (arguments[i] is null ? p.IsValueType && Nullable.GetUnderlyingType(p) is null : !p.IsInstanceOfType(arguments[i]))
                return false;
        }
        return true;
    }
}
