using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Attention;

namespace Attention.Tests;

/// <summary>
/// Guards the public surface of Attention.dll: a deterministic listing of every public type and member (built by
/// reflection) must equal the checked-in Approved/Attention.api.txt. A change to the API then shows up as a reviewed
/// diff of that file. Run with APPROVE_API=1 to accept the current API.
/// </summary>
public class PublicApiApprovalTests
{
    private const string ApprovedName = "Attention.api.txt";
    private const string ReceivedName = "Attention.api.received.txt";

    [Fact]
    public void The_public_API_of_Attention_matches_the_approved_listing()
    {
        string received = PublicApiListing.Generate(typeof(Matrix).Assembly);
        string folder = Path.Combine(FindRepoRoot(), "tests", "Attention.Tests", "Approved");
        CheckOrApprove(received, folder, Environment.GetEnvironmentVariable);
    }

    [Fact]
    public void Under_CI_APPROVE_API_fails_instead_of_approving_and_leaves_the_approved_listing_alone()
    {
        string folder = Directory.CreateTempSubdirectory("api-approval-").FullName;
        try
        {
            string approvedPath = Path.Combine(folder, ApprovedName);
            File.WriteAllText(approvedPath, "public class Old\n");
            var ciApproving = new Dictionary<string, string> { ["APPROVE_API"] = "1", ["CI"] = "true" };

            var ex = Assert.ThrowsAny<Exception>(() => CheckOrApprove("public class New\n", folder, name => ciApproving.GetValueOrDefault(name)));

            TestData.AssertMessageContains(ex, "APPROVE_API=1", "CI");
            Assert.Equal("public class Old\n", File.ReadAllText(approvedPath));

            // Outside CI the same request approves (the developer's way to accept a deliberate change) ...
            CheckOrApprove("public class New\n", folder, name => name == "APPROVE_API" ? "1" : null);
            Assert.Equal("public class New\n", File.ReadAllText(approvedPath));
            // ... and without it a difference fails.
            Assert.ThrowsAny<Exception>(() => CheckOrApprove("public class Newer\n", folder, _ => null));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Compares <paramref name="received"/> with the approved listing in <paramref name="folder"/>, or, with APPROVE_API=1
    /// outside CI, overwrites the approved listing with it. Under CI (CI=true or 1) APPROVE_API=1 is itself a failure:
    /// approving rewrites the reference this test compares against, so in CI it would accept any API change unseen.
    /// </summary>
    private static void CheckOrApprove(string received, string folder, Func<string, string?> environment)
    {
        string approvedPath = Path.Combine(folder, ApprovedName);
        string receivedPath = Path.Combine(folder, ReceivedName);

        if (environment("APPROVE_API") == "1")
        {
            if (IsContinuousIntegration(environment))
                Assert.Fail("APPROVE_API=1 is set under CI=true: CI must check the API, never approve it. " +
                            $"Run with APPROVE_API=1 on a developer machine and commit {ApprovedName}.");
            Directory.CreateDirectory(folder);
            File.WriteAllText(approvedPath, received);
            File.Delete(receivedPath);
            return;
        }

        string approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : "";
        if (approved == received)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        Assert.Fail($"The public API of Attention.dll differs from {approvedPath}.{Environment.NewLine}" +
                    $"The current listing was written to {receivedPath}.{Environment.NewLine}" +
                    $"If the change is intended, run with APPROVE_API=1 to accept it.{Environment.NewLine}{Environment.NewLine}" +
                    Diff(approved, received));
    }

    [Fact]
    public void The_listing_spells_out_signatures_with_parameter_names_defaults_and_nullability()
    {
        string listing = PublicApiListing.Generate(typeof(Matrix).Assembly);

        Assert.Contains("  public static AttentionResult ScaledDotProductAttention(Matrix queries, Matrix keys, Matrix values, Mask? mask = null, float? scale = null, Matrix? bias = null)", listing);
        Assert.Contains("  public static void Softmax(ReadOnlySpan<float> logits, Span<float> destination, float temperature = 1)", listing);
        Assert.Contains("public sealed class Attention.Linear", listing);
        Assert.Contains("  public float[]? Bias { get; }", listing);
        Assert.Contains("public static class Attention.Ops", listing);
        Assert.DoesNotContain("Gemm", listing);
    }

    /// <summary>CI systems (GitHub Actions, GitLab, Azure, our .ci/run) set CI=true.</summary>
    private static bool IsContinuousIntegration(Func<string, string?> environment) =>
        string.Equals(environment("CI"), "true", StringComparison.OrdinalIgnoreCase) || environment("CI") == "1";

    private static string Diff(string approved, string received)
    {
        var before = approved.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var after = received.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var removed = before.Except(after).Select(line => "- " + line);
        var added = after.Except(before).Select(line => "+ " + line);
        return "Removed (-) and added (+) lines:" + Environment.NewLine + string.Join(Environment.NewLine, removed.Concat(added));
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Curriculum.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"No Curriculum.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>Renders the public surface of an assembly as sorted, C#-like text, one member per line.</summary>
internal static class PublicApiListing
{
    private static readonly NullabilityInfoContext Nullability = new();

    public static string Generate(Assembly assembly)
    {
        var sb = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            sb.Append(TypeHeader(type)).Append('\n');
            foreach (string member in Members(type).Order(StringComparer.Ordinal))
                sb.Append("  ").Append(member).Append('\n');
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string TypeHeader(Type type)
    {
        string kind =
            type.IsEnum ? "enum" :
            type.IsInterface ? "interface" :
            typeof(Delegate).IsAssignableFrom(type) ? "delegate" :
            type.IsValueType ? (type.IsDefined(typeof(IsReadOnlyAttribute)) ? "readonly struct" : "struct") :
            type.GetMethod("<Clone>$") is not null ? (type.IsSealed ? "sealed record" : type.IsAbstract ? "abstract record" : "record") :
            type.IsAbstract && type.IsSealed ? "static class" :
            type.IsAbstract ? "abstract class" :
            type.IsSealed ? "sealed class" : "class";
        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType) && baseType != typeof(Enum) && baseType != typeof(MulticastDelegate))
            bases.Add(TypeName(baseType));
        bases.AddRange(type.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(TypeName).Order(StringComparer.Ordinal));
        string name = type.FullName!.Replace('+', '.');
        if (type.IsGenericTypeDefinition) name = name[..name.IndexOf('`')] + "<" + string.Join(", ", type.GetGenericArguments().Select(a => a.Name)) + ">";
        return $"public {kind} {name}" + (bases.Count > 0 ? " : " + string.Join(", ", bases) : "");
    }

    private static IEnumerable<string> Members(Type type)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.IsEnum)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
                yield return $"{field.Name} = {Convert.ToInt64(field.GetRawConstantValue(), CultureInfo.InvariantCulture)}";
            yield break;
        }
        foreach (var ctor in type.GetConstructors(flags))
            yield return $"public {TypeShortName(type)}({Parameters(ctor)})";
        foreach (var method in type.GetMethods(flags))
        {
            if (method.Name.Contains('<')) continue; // compiler-generated, e.g. a record's <Clone>$
            if (method.IsSpecialName && !method.Name.StartsWith("op_", StringComparison.Ordinal)) continue; // accessors
            yield return MethodSignature(method);
        }
        foreach (var property in type.GetProperties(flags))
        {
            var accessors = new List<string>();
            if (property.GetMethod is { IsPublic: true }) accessors.Add("get;");
            if (property.SetMethod is { IsPublic: true } setter)
                accessors.Add(setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)) ? "init;" : "set;");
            var getter = property.GetMethod ?? property.SetMethod!;
            string isStatic = getter.IsStatic ? "static " : "";
            var indexParameters = property.GetIndexParameters();
            string name = indexParameters.Length > 0 ? $"this[{string.Join(", ", indexParameters.Select(Parameter))}]" : property.Name;
            string typeName = WithTupleNames(TypeName(property.PropertyType, Nullability.Create(property)), property.GetCustomAttribute<TupleElementNamesAttribute>());
            yield return $"public {isStatic}{typeName} {name} {{ {string.Join(" ", accessors)} }}";
        }
        foreach (var field in type.GetFields(flags))
        {
            string modifiers = field.IsLiteral ? "const " : field.IsStatic ? (field.IsInitOnly ? "static readonly " : "static ") : field.IsInitOnly ? "readonly " : "";
            yield return $"public {modifiers}{TypeName(field.FieldType, Nullability.Create(field))} {field.Name}";
        }
        foreach (var evt in type.GetEvents(flags))
            yield return $"public event {TypeName(evt.EventHandlerType!)} {evt.Name}";
    }

    private static string MethodSignature(MethodInfo method)
    {
        string modifiers = method.IsStatic ? "static " :
            method.IsAbstract ? "abstract " :
            method.IsVirtual && method.GetBaseDefinition().DeclaringType != method.DeclaringType ? "override " :
            method.IsVirtual && !method.IsFinal ? "virtual " : "";
        string name = method.Name switch
        {
            "op_Addition" => "operator +",
            "op_Subtraction" => "operator -",
            "op_Multiply" => "operator *",
            "op_Division" => "operator /",
            "op_UnaryNegation" => "operator -",
            "op_Equality" => "operator ==",
            "op_Inequality" => "operator !=",
            "op_Implicit" => "implicit operator",
            "op_Explicit" => "explicit operator",
            _ => method.Name,
        };
        if (method.IsGenericMethodDefinition)
            name += "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">";
        string extension = method.IsDefined(typeof(ExtensionAttribute)) ? "this " : "";
        string returnType = WithTupleNames(TypeName(method.ReturnType, Nullability.Create(method.ReturnParameter)), method.ReturnParameter.GetCustomAttribute<TupleElementNamesAttribute>());
        return $"public {modifiers}{returnType} {name}({extension}{Parameters(method)})";
    }

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(Parameter));

    private static string Parameter(ParameterInfo parameter)
    {
        var sb = new StringBuilder();
        if (parameter.IsDefined(typeof(ParamArrayAttribute))) sb.Append("params ");
        Type type = parameter.ParameterType;
        if (type.IsByRef)
        {
            sb.Append(parameter.IsOut ? "out " : parameter.IsIn ? "in " : "ref ");
            type = type.GetElementType()!;
        }
        sb.Append(WithTupleNames(TypeName(type, Nullability.Create(parameter)), parameter.GetCustomAttribute<TupleElementNamesAttribute>())).Append(' ').Append(parameter.Name);
        if (parameter.HasDefaultValue) sb.Append(" = ").Append(Literal(parameter.DefaultValue));
        return sb.ToString();
    }

    /// <summary>Writes the element names of a top-level tuple, e.g. (int, int) -> (int Rows, int Cols).</summary>
    private static string WithTupleNames(string typeName, TupleElementNamesAttribute? names)
    {
        if (names is null || !typeName.StartsWith('(') || typeName.IndexOf('(', 1) >= 0) return typeName;
        var elements = typeName[1..typeName.IndexOf(')')].Split(", ");
        if (elements.Length > names.TransformNames.Count) return typeName;
        return "(" + string.Join(", ", elements.Select((e, i) => names.TransformNames[i] is { } n ? $"{e} {n}" : e)) + ")" + typeName[(typeName.IndexOf(')') + 1)..];
    }

    private static string Literal(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        string s => "\"" + s + "\"",
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string TypeShortName(Type type) => type.IsGenericType ? type.Name[..type.Name.IndexOf('`')] : type.Name;

    private static string TypeName(Type type) => TypeName(type, null);

    private static string TypeName(Type type, NullabilityInfo? nullability)
    {
        if (type.IsByRef) return TypeName(type.GetElementType()!, nullability);
        string nullableMark = nullability is { ReadState: NullabilityState.Nullable } && !type.IsValueType ? "?" : "";
        if (Nullable.GetUnderlyingType(type) is { } underlying) return TypeName(underlying) + "?";
        if (type.IsArray)
        {
            string rank = type.GetArrayRank() == 1 ? "[]" : "[" + new string(',', type.GetArrayRank() - 1) + "]";
            return TypeName(type.GetElementType()!, nullability?.ElementType) + rank + nullableMark;
        }
        if (type.IsGenericParameter) return type.Name + nullableMark;
        if (type.IsEnum) return type.Name;
        string? keyword = Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => "bool", TypeCode.Byte => "byte", TypeCode.Char => "char", TypeCode.Int16 => "short",
            TypeCode.Int32 => "int", TypeCode.Int64 => "long", TypeCode.Single => "float", TypeCode.Double => "double",
            TypeCode.String => "string", TypeCode.Decimal => "decimal", TypeCode.UInt32 => "uint", TypeCode.UInt64 => "ulong",
            _ => null,
        };
        if (keyword is not null) return keyword + nullableMark;
        if (type == typeof(void)) return "void";
        if (type == typeof(object)) return "object" + nullableMark;
        if (type.IsGenericType)
        {
            var arguments = type.GetGenericArguments();
            var argumentNullability = nullability?.GenericTypeArguments;
            var names = arguments.Select((a, i) => TypeName(a, argumentNullability is { Length: > 0 } ? argumentNullability[i] : null));
            if (type.FullName?.StartsWith("System.ValueTuple`", StringComparison.Ordinal) == true)
                return "(" + string.Join(", ", names) + ")";
            return TypeShortName(type) + "<" + string.Join(", ", names) + ">" + nullableMark;
        }
        return type.Name + nullableMark;
    }
}
