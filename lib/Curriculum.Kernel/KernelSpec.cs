using System.Text.Json.Nodes;

namespace Curriculum.Kernel;

/// <summary>What <see cref="KernelSpec.Install"/> or <see cref="KernelSpec.Uninstall"/> refused to do, in one line.</summary>
public sealed class KernelSpecException(string message) : Exception(message);

/// <summary>
/// Writes and removes the kernelspec <c>.net-csharp</c> (a folder <c>kernels/.net-csharp/kernel.json</c>) that every
/// notebook of the curriculum names, so that Jupyter front ends start this kernel for them. A kernelspec of that name
/// written by someone else (.NET Interactive's) is only replaced or removed with <c>force</c>.
/// </summary>
public static class KernelSpec
{
    /// <summary>The metadata key that marks a kernelspec as ours.</summary>
    public const string Marker = "curriculum_kernel";

    /// <summary>The per-user Jupyter data folder's <c>kernels</c> (honours <c>JUPYTER_DATA_DIR</c>).</summary>
    public static string UserKernelsFolder()
    {
        if (Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR") is { Length: > 0 } data)
            return Path.Combine(data, "kernels");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "jupyter", "kernels");
        if (OperatingSystem.IsMacOS())
            return Path.Combine(home, "Library", "Jupyter", "kernels");
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } x ? x : Path.Combine(home, ".local", "share");
        return Path.Combine(xdg, "jupyter", "kernels");
    }

    /// <summary>The <c>kernels</c> folder of an environment prefix (<c>PREFIX/share/jupyter/kernels</c>), as <c>jupyter kernelspec install --prefix</c>.</summary>
    public static string PrefixKernelsFolder(string prefix) => Path.Combine(Path.GetFullPath(prefix), "share", "jupyter", "kernels");

    /// <summary>The kernel.json content: argv starts this build's <c>curriculum kernel {connection_file}</c>.</summary>
    /// <param name="dotnet">The dotnet host.</param>
    /// <param name="curriculumDll">The built <c>curriculum.dll</c>.</param>
    public static JsonObject Spec(string dotnet, string curriculumDll) => new()
    {
        ["argv"] = new JsonArray(dotnet, Path.GetFullPath(curriculumDll), "kernel", "{connection_file}"),
        ["display_name"] = KernelInfo.DisplayName,
        ["language"] = KernelInfo.Language,
        ["interrupt_mode"] = "message",
        ["env"] = new JsonObject { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" },
        ["metadata"] = new JsonObject { [Marker] = true, ["debugger"] = false },
    };

    /// <summary>Writes <c>kernels/.net-csharp/kernel.json</c> and returns the folder.</summary>
    /// <exception cref="KernelSpecException">A foreign <c>.net-csharp</c> is there and <paramref name="force"/> is false.</exception>
    public static string Install(string kernelsFolder, JsonObject spec, bool force)
    {
        var folder = Path.Combine(kernelsFolder, KernelInfo.KernelName);
        var file = Path.Combine(folder, "kernel.json");
        if (File.Exists(file) && !IsOurs(file) && !force)
            throw new KernelSpecException($"{file} belongs to another kernel (e.g. .NET Interactive); use --force to replace it.");
        Directory.CreateDirectory(folder);
        var temp = file + ".tmp";
        File.WriteAllText(temp, spec.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.Move(temp, file, overwrite: true);
        return folder;
    }

    /// <summary>Removes our <c>.net-csharp</c>; returns false when there was none.</summary>
    /// <exception cref="KernelSpecException">The <c>.net-csharp</c> there is not ours and <paramref name="force"/> is false.</exception>
    public static bool Uninstall(string kernelsFolder, bool force)
    {
        var folder = Path.Combine(kernelsFolder, KernelInfo.KernelName);
        var file = Path.Combine(folder, "kernel.json");
        if (!Directory.Exists(folder))
            return false;
        if (File.Exists(file) && !IsOurs(file) && !force)
            throw new KernelSpecException($"{file} belongs to another kernel (e.g. .NET Interactive); use --force to remove it.");
        Directory.Delete(folder, recursive: true);
        return true;
    }

    /// <summary>True when the kernel.json carries our marker.</summary>
    public static bool IsOurs(string kernelJson)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(kernelJson))?["metadata"]?[Marker]?.GetValue<bool>() == true;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or IOException)
        {
            return false;
        }
    }
}
