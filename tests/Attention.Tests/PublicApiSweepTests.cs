using System.Reflection;
using Attention;
using Xunit.Abstractions;

namespace Attention.Tests;

/// <summary>
/// A sweep over the public API with extreme but representable scalars: every public constructor and static method
/// whose parameters are all int or float (the rest left at their defaults), and every such instance method of a small
/// instance of each main type, is called with each combination of edge values. Whatever it throws must be an
/// <see cref="ArgumentException"/> (or subtype) with a parameter name: never IndexOutOfRange, Overflow, OutOfMemory,
/// NullReference or a nameless ArgumentException. Shapes that would need more than one array fail before allocating,
/// so the sweep never allocates more than a few MB.
/// </summary>
public class PublicApiSweepTests(ITestOutputHelper output)
{
    private static readonly object?[] Ints = [-1, 0, 1, 3, 65536, int.MaxValue, int.MinValue];
    private static readonly object?[] Seeds = [int.MinValue, int.MaxValue]; // any int is a valid seed
    // The efficient-attention (Efficient/) and training (Training/) types arrived after this sweep was written; with
    // 65536-sized arguments some of them do legitimate but minutes-long work (BigBird's block layout is O(blocks²)).
    // They are left out until their size guards make every call fast; noted on issues 8, 11 and 12.
    private static readonly HashSet<string> NotYetSwept =
    [
        "AdamW", "AttentionCost", "AttentionGradients", "AttentionTrace", "Backprop", "BigBird", "CrossEntropyTrace",
        "DecoderBlockGradients", "DecoderBlockTrace", "EncoderBlockTrace", "FeedForwardTrace", "GenerationResult",
        "Gradients", "Initialization", "LearningRateSchedule", "Linformer", "Longformer", "MemoryEfficientAttention",
        "MultiHeadAttentionGradients", "MultiHeadAttentionTrace", "NamedParameter", "Parameters", "Performer",
        "PositionScheme", "Reformer", "RotaryPositions", "SyntheticTasks", "TinyGpt", "TinyGptConfig", "TinyGptOutput",
        "TrainingExample", "TrainingOptions", "TrainingProgress",
    ];

    private static readonly object?[] Floats = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, 1e-40f, -1f, 1f, float.MaxValue];

    [Fact]
    public void Extreme_scalars_never_leak_an_exception_other_than_a_named_argument_exception()
    {
        var problems = new List<string>();
        int calls = 0;
        foreach (var type in typeof(Matrix).Assembly.GetExportedTypes().Where(t => t.Namespace == "Attention" && !NotYetSwept.Contains(t.Name)))
        {
            var members = type.GetConstructors().Cast<MethodBase>()
                .Concat(type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly));
            foreach (var member in members)
                calls += Sweep(member, target: null, problems);
        }

        object[] instances =
        [
            new Matrix(3, 4), Mask.None(3, 4), Alibi.Bias(2, 3, numHeads: 2), new Embedding(5, 4, seed: 1),
            new LearnedPositionalEncoding(5, 4, seed: 1), new Linear(4, 4, seed: 1), new LayerNorm(4),
            Vocabulary.FromText("a b c"), new MultiHeadAttention(4, 2, seed: 1), new FeedForward(4, 8, seed: 1),
        ];
        foreach (var instance in instances)
            foreach (var method in instance.GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                calls += Sweep(method, instance, problems);

        output.WriteLine($"{calls} calls");
        foreach (string problem in problems.Distinct().Take(50)) output.WriteLine(problem);
        Assert.True(calls > 1000, $"only {calls} calls: the sweep found almost nothing to call");
        Assert.Empty(problems);
    }

    private static int Sweep(MethodBase member, object? target, List<string> problems)
    {
        var parameters = member.GetParameters();
        if (parameters.Length == 0 || (member is MethodInfo m && m.ReturnType.IsByRefLike)) return 0;
        if (parameters.Any(p => p.ParameterType != typeof(int) && p.ParameterType != typeof(float) && !p.HasDefaultValue)) return 0;
        var choices = parameters.Select(p =>
            p.ParameterType == typeof(int) ? (p.Name == "seed" ? Seeds : Ints) : p.ParameterType == typeof(float) ? Floats : new object?[] { p.DefaultValue }).ToArray();
        int calls = 0;
        foreach (var arguments in Combinations(choices))
        {
            calls++;
            try
            {
                if (member is ConstructorInfo constructor) constructor.Invoke(arguments);
                else member.Invoke(target, arguments);
            }
            catch (TargetInvocationException wrapped)
            {
                var e = wrapped.InnerException!;
                string call = $"{member.DeclaringType!.Name}.{member.Name}({string.Join(", ", arguments)})";
                if (e is not ArgumentException argument) problems.Add($"{e.GetType().Name} from {call}: {e.Message}");
                else if (string.IsNullOrEmpty(argument.ParamName)) problems.Add($"nameless ArgumentException from {call}: {e.Message}");
            }
        }
        return calls;
    }

    private static IEnumerable<object?[]> Combinations(object?[][] choices)
    {
        IEnumerable<object?[]> partial = [[]];
        foreach (var options in choices)
            partial = partial.SelectMany(prefix => options.Select(option => (object?[])[.. prefix, option]));
        return partial;
    }
}
