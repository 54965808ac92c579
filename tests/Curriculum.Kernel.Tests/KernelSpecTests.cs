using System.Text.Json.Nodes;
using Curriculum.Kernel;

namespace Curriculum.Kernel.Tests;

public class KernelSpecTests
{
    private static string NewFolder() => Directory.CreateTempSubdirectory("kernels-").FullName;

    [Fact]
    public void Install_writes_the_net_csharp_kernelspec_that_starts_this_build()
    {
        var kernels = NewFolder();
        var folder = KernelSpec.Install(kernels, KernelSpec.Spec("/usr/bin/dotnet", "/x/curriculum.dll"), force: false);
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "kernel.json")))!;
        Assert.Equal(".net-csharp", Path.GetFileName(folder));
        Assert.Equal(".NET (C#)", spec["display_name"]!.GetValue<string>());
        Assert.Equal("C#", spec["language"]!.GetValue<string>());
        Assert.Equal("message", spec["interrupt_mode"]!.GetValue<string>());
        Assert.Equal(["/usr/bin/dotnet", "/x/curriculum.dll", "kernel", "{connection_file}"], spec["argv"]!.AsArray().Select(a => a!.GetValue<string>()));
        // Installing again over our own spec is fine (an update).
        KernelSpec.Install(kernels, KernelSpec.Spec("/usr/bin/dotnet", "/y/curriculum.dll"), force: false);
    }

    [Fact]
    public void A_foreign_net_csharp_is_kept_unless_forced()
    {
        var kernels = NewFolder();
        var foreign = Path.Combine(kernels, ".net-csharp", "kernel.json");
        Directory.CreateDirectory(Path.GetDirectoryName(foreign)!);
        const string interactive = """{"argv": ["dotnet", "interactive", "jupyter", "--default-kernel", "csharp", "{connection_file}"], "display_name": ".NET (C#)", "language": "C#"}""";
        File.WriteAllText(foreign, interactive);

        Assert.Contains("--force", Assert.Throws<KernelSpecException>(() => KernelSpec.Install(kernels, KernelSpec.Spec("dotnet", "c.dll"), force: false)).Message);
        Assert.Throws<KernelSpecException>(() => KernelSpec.Uninstall(kernels, force: false));
        Assert.Equal(interactive, File.ReadAllText(foreign));

        KernelSpec.Install(kernels, KernelSpec.Spec("dotnet", "c.dll"), force: true);
        Assert.True(KernelSpec.IsOurs(foreign));
        Assert.True(KernelSpec.Uninstall(kernels, force: false));
        Assert.False(Directory.Exists(Path.GetDirectoryName(foreign)));
        Assert.False(KernelSpec.Uninstall(kernels, force: false));
    }

    [Fact]
    public void Prefix_and_user_folders_follow_jupyter_conventions()
    {
        Assert.Equal(Path.Combine("/opt/env", "share", "jupyter", "kernels"), KernelSpec.PrefixKernelsFolder("/opt/env"));
        Assert.EndsWith(Path.Combine("jupyter", "kernels"), KernelSpec.UserKernelsFolder());
    }
}
