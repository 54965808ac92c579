using System.Reflection;
using System.Text.Json.Nodes;

namespace Curriculum.Kernel;

/// <summary>The <c>kernel_info_reply</c> and the language_info that front ends write into saved notebooks.</summary>
public static class KernelInfo
{
    /// <summary>The kernelspec name the notebooks carry.</summary>
    public const string KernelName = ".net-csharp";

    /// <summary>The name front ends show.</summary>
    public const string DisplayName = ".NET (C#)";

    /// <summary>The language name in the kernelspec and in <c>language_info.name</c>.</summary>
    public const string Language = "C#";

    public static JsonObject LanguageInfo() => new()
    {
        ["name"] = Language,
        ["version"] = Environment.Version.ToString(),
        ["mimetype"] = "text/x-csharp",
        ["file_extension"] = ".cs",
        ["pygments_lexer"] = "csharp",
        ["codemirror_mode"] = "text/x-csharp",
    };

    public static JsonObject Reply() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = JupyterMessage.ProtocolVersion,
        ["implementation"] = "curriculum",
        ["implementation_version"] = typeof(KernelInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "1.0",
        ["language_info"] = LanguageInfo(),
        ["banner"] = $"The attention curriculum's C# kernel (Roslyn scripting on .NET {Environment.Version})",
        ["help_links"] = new JsonArray(new JsonObject { ["text"] = "Curriculum kernel", ["url"] = "https://learn.microsoft.com/dotnet/csharp/" }),
    };
}
