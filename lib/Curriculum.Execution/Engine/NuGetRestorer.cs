using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Curriculum.Execution.Engine;

/// <summary>A <c>#r "nuget: ..."</c> package could not be restored. The message is one line.</summary>
internal sealed class NuGetRestoreException(string message, int line = 1) : Exception(message)
{
    public int Line { get; } = line;
}

/// <summary>
/// Restores <c>#r "nuget: Name, Version"</c> packages through a temporary project built with the dotnet CLI, and caches
/// the resulting assembly list per package set (folder: <c>CURRICULUM_NUGET_CACHE</c>, else <c>~/.cache/curriculum/nuget</c>).
/// Concurrent restores of one package set (two notebooks, two runs sharing the cache) take turns on a lock file in its
/// folder; the second finds the first one's result. A restore gives up before the cell's deadline with a clear message.
/// </summary>
internal sealed partial class NuGetRestorer
{
    /// <summary>The most one restore may take (the cell's time limit may cut it shorter).</summary>
    internal static readonly TimeSpan RestoreTimeLimit = TimeSpan.FromMinutes(3);
    private readonly string _cacheRoot;

    public NuGetRestorer(string? cacheRoot = null)
    {
        _cacheRoot = cacheRoot
                     ?? Environment.GetEnvironmentVariable("CURRICULUM_NUGET_CACHE")
                     ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "curriculum", "nuget");
    }

    /// <summary>Restores the packages and returns the full paths of their runtime assemblies (dependencies included).</summary>
    /// <param name="packages">The packages (name, version or null for the latest).</param>
    /// <param name="deadline">When the cell will be stopped (UTC), or null; the restore ends 1 s before it.</param>
    public IReadOnlyList<string> Restore(IReadOnlyList<(string Name, string? Version)> packages, DateTime? deadline = null)
    {
        var budgetEnd = DateTime.UtcNow + RestoreTimeLimit;
        var cellLimited = deadline is { } d && d.AddSeconds(-1) < budgetEnd;
        if (cellLimited)
            budgetEnd = deadline!.Value.AddSeconds(-1);
        foreach (var (name, version) in packages)
        {
            if (!PackageId().IsMatch(name))
                throw new NuGetRestoreException($"\"{name}\" is not a valid NuGet package id.");
            if (version is not null && !PackageVersion().IsMatch(version))
                throw new NuGetRestoreException($"\"{version}\" is not a valid NuGet version for package {name} (expected e.g. 1.2.3, 1.2.3-beta, 1.*, or a range like [1.0,2.0)).");
        }
        var key = string.Join(';', packages.Select(p => $"{p.Name.ToLowerInvariant()}/{p.Version ?? "*"}"));
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16].ToLowerInvariant();
        var folder = Path.Combine(_cacheRoot, hash);
        var list = Path.Combine(folder, "assemblies.txt");
        if (Cached(list) is { } hit)
            return hit;

        Directory.CreateDirectory(folder);
        using var turn = TakeTurn(folder, budgetEnd, cellLimited);
        if (Cached(list) is { } restoredMeanwhile)
            return restoredMeanwhile;
        var output = Path.Combine(folder, "bin");
        var references = string.Concat(packages.Select(p =>
            $"    <PackageReference Include=\"{Escape(p.Name)}\" Version=\"{Escape(p.Version ?? "*")}\" />\n"));
        File.WriteAllText(Path.Combine(folder, "restore.csproj"),
            $"""
             <Project Sdk="Microsoft.NET.Sdk">
               <PropertyGroup>
                 <TargetFramework>net{Environment.Version.Major}.0</TargetFramework>
                 <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                 <CopyLocalLockFileAssemblies>true</CopyLocalLockFileAssemblies>
                 <OutputPath>{Escape(output)}/</OutputPath>
                 <AppendTargetFrameworkToOutputPath>false</AppendTargetFrameworkToOutputPath>
                 <NoWarn>$(NoWarn);NU1603;NU1701;NU1604</NoWarn>
                 <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
               </PropertyGroup>
               <ItemGroup>
             {references}  </ItemGroup>
             </Project>
             """);
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"), "<Project />\n");

        var (exitCode, log) = RunDotnet(folder, "build", "restore.csproj", "-nologo", "-v", "q", "-clp:ErrorsOnly",
            "-nodeReuse:false", "-p:UseSharedCompilation=false");
        if (exitCode is null)
            throw new NuGetRestoreException(TooLong(budgetEnd, cellLimited));
        var names = string.Join(", ", packages.Select(p => p.Version is null ? p.Name : $"{p.Name} {p.Version}"));
        if (exitCode != 0)
        {
            var errors = log.Split('\n').Select(l => l.Trim()).Where(l => l.Contains(": error ", StringComparison.Ordinal)).ToList();
            var error = errors.FirstOrDefault(l => l.Contains("error NU", StringComparison.Ordinal)) ?? errors.FirstOrDefault()
                        ?? $"dotnet build exited with code {exitCode}";
            error = error[(error.IndexOf(": error ", StringComparison.Ordinal) is var at and >= 0 ? at + 2 : 0)..];
            error = ProjectSuffix().Replace(error, "");
            throw new NuGetRestoreException($"Could not restore NuGet package(s) {names}: {error}");
        }

        var assemblies = Directory.GetFiles(output, "*.dll")
            .Where(p => Path.GetFileName(p) != "restore.dll")
            .Order(StringComparer.Ordinal)
            .ToList();
        var temp = list + ".tmp";
        File.WriteAllLines(temp, assemblies);
        File.Move(temp, list, overwrite: true);
        return assemblies;

        (int? ExitCode, string Log) RunDotnet(string folder, params string[] args) => RunDotnetUntil(budgetEnd, folder, args);
    }

    private static List<string>? Cached(string list)
    {
        if (!File.Exists(list))
            return null;
        var cached = File.ReadAllLines(list).Where(l => l.Length > 0).ToList();
        return cached.All(File.Exists) ? cached : null;
    }

    /// <summary>An exclusive lock on the package set's folder (a file opened without sharing: flock on Unix), waited for until the budget ends.</summary>
    private static FileStream TakeTurn(string folder, DateTime budgetEnd, bool cellLimited)
    {
        var path = Path.Combine(folder, "restore.lock");
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < budgetEnd)
            {
                Thread.Sleep(200);
            }
            catch (IOException)
            {
                throw new NuGetRestoreException("Another restore of the same packages held the cache lock " +
                                                (cellLimited ? "until the cell's time limit; raise the time limit (--timeout) or run again." : $"for {RestoreTimeLimit.TotalMinutes} minutes."));
            }
        }
    }

    private static string TooLong(DateTime budgetEnd, bool cellLimited) => cellLimited
        ? "Restoring NuGet packages did not finish within the cell's time limit (a first restore can take a minute); raise the time limit (--timeout) or run again."
        : $"Restoring NuGet packages took longer than {RestoreTimeLimit.TotalMinutes} minutes.";

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")]
    private static partial Regex PackageId();

    // A NuGet version (1.2.3, 1.2.3.4, 1.2.3-beta.1+meta), a floating version (1.*, 1.2.3-*) or an interval ([1.0,2.0)).
    [GeneratedRegex(@"^(\d+(\.\d+){0,3}(-[0-9A-Za-z.\-]+)?(\+[0-9A-Za-z.\-]+)?|(\d+\.)*\*|\d+(\.\d+)*-\*|[\[(][^\])]*[\])])$")]
    private static partial Regex PackageVersion();

    [GeneratedRegex(@"\s*\[[^\]]*\.csproj\]\s*$")]
    private static partial Regex ProjectSuffix();

    private static string Escape(string text) => System.Security.SecurityElement.Escape(text);

    private static (int? ExitCode, string Log) RunDotnetUntil(DateTime budgetEnd, string folder, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        // No build servers that outlive the restore (they would hold our pipes open, and a CI log pipe with them).
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new NuGetRestoreException("Could not start the dotnet CLI to restore packages.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var left = budgetEnd - DateTime.UtcNow;
        if (left <= TimeSpan.Zero || !process.WaitForExit(left))
        {
            process.Kill(entireProcessTree: true);
            return (null, "");
        }
        // Bounded: a build node that outlived the build may still hold the pipes.
        Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(5));
        return (process.ExitCode, (stdout.IsCompletedSuccessfully ? stdout.Result : "") + "\n" + (stderr.IsCompletedSuccessfully ? stderr.Result : ""));
    }
}
