using System.Diagnostics;
using Curriculum.Execution.Engine;

namespace Curriculum.Execution.Tests;

public class NuGetRestorerTests
{
    private static readonly (string, string?)[] Packages = [("Some.Package", "1.2.3")];

    [Fact]
    public async Task A_restore_waits_for_the_cache_lock_and_uses_what_the_other_restore_wrote()
    {
        var restorer = new NuGetRestorer(Workers.TempFolder());
        var folder = restorer.FolderFor(Packages);
        Directory.CreateDirectory(folder);
        var assembly = typeof(object).Assembly.Location;
        var held = new FileStream(Path.Combine(folder, "restore.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var other = Task.Run(async () =>
        {
            await Task.Delay(700);
            await File.WriteAllTextAsync(Path.Combine(folder, "assemblies.txt"), assembly + "\n");
            await held.DisposeAsync();
        });
        var clock = Stopwatch.StartNew();

        var assemblies = restorer.Restore(Packages, DateTime.UtcNow.AddSeconds(60));

        Assert.Equal([assembly], assemblies);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(600), $"returned after {clock.Elapsed} without waiting for the lock");
        await other;
    }

    [Fact]
    public void A_lock_held_past_the_cells_time_limit_fails_with_a_clear_message()
    {
        var restorer = new NuGetRestorer(Workers.TempFolder());
        var folder = restorer.FolderFor(Packages);
        Directory.CreateDirectory(folder);
        using var held = new FileStream(Path.Combine(folder, "restore.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var e = Assert.Throws<NuGetRestoreException>(() => restorer.Restore(Packages, DateTime.UtcNow.AddSeconds(2.5)));

        Assert.Equal("Another restore of the same packages held the cache lock until the cell's time limit; raise the time limit (--timeout) or run again.", e.Message);
    }

    [Fact]
    public void A_time_limit_shorter_than_the_restore_budget_ends_the_restore_with_a_clear_message()
    {
        var restorer = new NuGetRestorer(Workers.TempFolder());
        var clock = Stopwatch.StartNew();

        var e = Assert.Throws<NuGetRestoreException>(() => restorer.Restore(Packages, DateTime.UtcNow.AddSeconds(1.5)));

        Assert.StartsWith("Restoring NuGet packages did not finish within the cell's time limit", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}"); // far below the restore budget, with room for a loaded CI machine
        Assert.True(NuGetRestorer.RestoreTimeLimit > TimeSpan.FromSeconds(1.5));
    }
}
