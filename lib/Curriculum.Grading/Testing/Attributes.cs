namespace Curriculum.Grading.Testing;

/// <summary>
/// Marks a static class of checks for one exercise, e.g. <c>[Exercise("Chapter05.Softmax", Total = 10)]</c>.
/// Public and hidden test classes of the same exercise state the same <see cref="Total"/>: the points of all its checks
/// (public plus hidden) must add up to it (<c>curriculum validate</c> checks).
/// </summary>
/// <param name="id">"ChapterNN.Method": the exercise's class and method in <c>exercises/ChapterNN.cs</c>.</param>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ExerciseAttribute(string id) : Attribute
{
    /// <summary>"ChapterNN.Method".</summary>
    public string Id { get; } = id;

    /// <summary>The exercise's points: public and hidden checks together.</summary>
    public int Total { get; set; }

    /// <summary>Members of Attention.dll the exercise may not reach (prefixes of "Type.Member", e.g. "Attention.Ops.Softmax").</summary>
    public string[] Forbidden { get; set; } = [];
}

/// <summary>Marks a check: <c>public static void Name(Learner learner)</c>, worth <see cref="Points"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CheckAttribute : Attribute
{
    /// <summary>The points the check is worth (≥ 1).</summary>
    public int Points { get; set; } = 1;

    /// <summary>Time limit of each learner call in this check, seconds (default 2).</summary>
    public double TimeLimitSeconds { get; set; } = 2;
}
