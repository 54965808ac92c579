using System.CommandLine;
using Curriculum.Kernel;

namespace Curriculum.Cli;

/// <summary>
/// <c>curriculum kernel CONNECTION_FILE</c> runs the Jupyter kernel (front ends start it from the kernelspec);
/// <c>curriculum kernel install|uninstall</c> write or remove the kernelspec <c>.net-csharp</c>.
/// </summary>
internal static class KernelCommands
{
    public static Command Create()
    {
        var connectionFile = new Argument<string?>("connection-file")
        {
            Description = "The connection file a Jupyter front end wrote (front ends pass it; you rarely type this).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var kernel = new Command("kernel", "The Jupyter kernel for the C# notebooks: run it, or install/uninstall its kernelspec \".net-csharp\".") { connectionFile };
        Cli.OwnSignalHandling.Add(kernel); // SIGINT interrupts the running cell (KernelServer); SIGTERM shuts down
        kernel.SetAction((result, token) =>
        {
            var file = result.GetValue(connectionFile);
            if (string.IsNullOrEmpty(file))
            {
                Console.Error.WriteLine("curriculum: `curriculum kernel` needs a connection file (front ends pass it); to register the kernel: curriculum kernel install");
                return Task.FromResult(2);
            }
            return KernelHost.RunAsync(file, token);
        });

        var user = new Option<bool>("--user") { Description = "Install for the current user (the default)." };
        var prefix = new Option<string?>("--prefix") { Description = "Install into PREFIX/share/jupyter/kernels (a virtual environment or a hub's system prefix)." };
        var force = new Option<bool>("--force") { Description = "Replace or remove a \".net-csharp\" kernelspec that another kernel (.NET Interactive) wrote." };

        var install = new Command("install", "Write the kernelspec \".net-csharp\" (display name \".NET (C#)\") that starts this build's kernel.") { user, prefix, force };
        install.SetAction(result => Install(result.GetValue(user), result.GetValue(prefix), result.GetValue(force)));
        var uninstall = new Command("uninstall", "Remove the kernelspec \".net-csharp\" written by `curriculum kernel install`.") { user, prefix, force };
        uninstall.SetAction(result => Uninstall(result.GetValue(user), result.GetValue(prefix), result.GetValue(force)));
        kernel.Subcommands.Add(install);
        kernel.Subcommands.Add(uninstall);
        return kernel;
    }

    private static string? Folder(bool user, string? prefix)
    {
        if (user && prefix is not null)
        {
            Console.Error.WriteLine("curriculum: give either --user or --prefix, not both.");
            return null;
        }
        return prefix is not null ? KernelSpec.PrefixKernelsFolder(prefix) : KernelSpec.UserKernelsFolder();
    }

    private static int Install(bool user, string? prefix, bool force)
    {
        if (Folder(user, prefix) is not { } folder)
            return 2;
        var dll = typeof(KernelCommands).Assembly.Location;
        try
        {
            var written = KernelSpec.Install(folder, KernelSpec.Spec(DotnetHost(), dll), force);
            Console.WriteLine($"Installed kernelspec {KernelInfo.KernelName} (\"{KernelInfo.DisplayName}\") in {written}");
            Console.WriteLine($"It starts: dotnet {dll} kernel {{connection_file}}");
            return 0;
        }
        catch (Exception e) when (e is KernelSpecException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"curriculum: {e.Message}");
            return 1;
        }
    }

    private static int Uninstall(bool user, string? prefix, bool force)
    {
        if (Folder(user, prefix) is not { } folder)
            return 2;
        try
        {
            Console.WriteLine(KernelSpec.Uninstall(folder, force)
                ? $"Removed kernelspec {KernelInfo.KernelName} from {folder}"
                : $"No kernelspec {KernelInfo.KernelName} in {folder}: nothing to remove.");
            return 0;
        }
        catch (Exception e) when (e is KernelSpecException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"curriculum: {e.Message}");
            return 1;
        }
    }

    /// <summary>The dotnet host running us (the kernelspec must start the same runtime), else <c>dotnet</c> on PATH.</summary>
    private static string DotnetHost()
    {
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
            return self;
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root && File.Exists(Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet")))
            return Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return "dotnet";
    }
}
