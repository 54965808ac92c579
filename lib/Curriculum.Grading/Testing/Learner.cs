using Curriculum.Grading.Host;

namespace Curriculum.Grading.Testing;

/// <summary>
/// The learner's exercise as a check sees it: every call crosses to the sandboxed exercise host and back. The check
/// (trusted) compares what comes back; the learner's code never sees the check.
/// </summary>
public sealed class Learner
{
    private readonly Func<object?[], TimeSpan, HostReply> _call;
    private readonly TimeSpan _timeLimit;

    internal Learner(string exercise, Func<object?[], TimeSpan, HostReply> call, TimeSpan timeLimit)
    {
        Exercise = exercise;
        _call = call;
        _timeLimit = timeLimit;
    }

    /// <summary>"ChapterNN.Method".</summary>
    public string Exercise { get; }

    /// <summary>Calls the exercise and returns its result as <typeparamref name="T"/>.</summary>
    /// <exception cref="LearnerThrewException">The learner's code threw.</exception>
    /// <exception cref="HostFailureException">Time limit, crash, exit or a malformed answer.</exception>
    /// <exception cref="CheckFailedException">The result is not a <typeparamref name="T"/>.</exception>
    public T Call<T>(params object?[] arguments)
    {
        switch (_call(arguments, _timeLimit))
        {
            case HostReply.Returned { Value: T value }:
                return value;
            case HostReply.Returned returned:
                throw new CheckFailedException($"expected a {Name(typeof(T))} back, got {(returned.Value is null ? "null" : Name(returned.Value.GetType()))}");
            case HostReply.Threw threw:
                throw new LearnerThrewException(threw);
            case HostReply.Failed failed:
                throw new HostFailureException(failed.Message);
            default:
                throw new InvalidOperationException();
        }
    }

    /// <summary>Passes when the call throws an <see cref="ArgumentException"/> (or subtype) that names <paramref name="parameter"/>.</summary>
    public void ExpectArgumentException(string parameter, params object?[] arguments)
    {
        switch (_call(arguments, _timeLimit))
        {
            case HostReply.Threw threw when threw.Is("System.NotImplementedException"):
                throw new LearnerThrewException(threw);
            case HostReply.Threw threw when threw.Is("System.ArgumentException"):
                if (threw.ParameterName != parameter && !threw.Message.Contains(parameter, StringComparison.Ordinal))
                    throw new CheckFailedException($"threw {threw.TypeName} as it should, but it does not name the parameter `{parameter}` (message: {threw.Message})");
                return;
            case HostReply.Threw threw:
                throw new CheckFailedException($"expected an ArgumentException naming `{parameter}`, got {threw.TypeName}: {threw.Message}");
            case HostReply.Failed failed:
                throw new HostFailureException(failed.Message);
            default:
                throw new CheckFailedException($"expected an ArgumentException naming `{parameter}` for bad input, but the call returned normally");
        }
    }

    private static string Name(Type type) => type.IsArray ? $"{Name(type.GetElementType()!)}[{new string(',', type.GetArrayRank() - 1)}]" : type.Name switch
    {
        "Single" => "float", "Int32" => "int", "Boolean" => "bool", "String" => "string", var n => n,
    };
}

/// <summary>A check's comparison failed; the message is what the learner reads.</summary>
public sealed class CheckFailedException(string message) : Exception(message);

/// <summary>The learner's code threw.</summary>
public sealed class LearnerThrewException(HostReply.Threw threw) : Exception($"threw {threw.TypeName}: {threw.Message}")
{
    /// <summary>What was thrown.</summary>
    public HostReply.Threw Threw { get; } = threw;

    /// <summary>The stub's "not done yet" exception.</summary>
    public bool NotImplemented => Threw.Is("System.NotImplementedException");
}

/// <summary>The call did not complete (time limit, crash, exit, malformed answer).</summary>
public sealed class HostFailureException(string message) : Exception(message);
