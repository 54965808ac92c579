namespace Curriculum.Notebooks.Tests;

public class NuGetDirectiveTests
{
    [Fact]
    public async Task A_nuget_directive_restores_the_package_and_its_types_are_usable_in_later_cells()
    {
        // Markdig 1.6.0 is in the local NuGet cache (the runner library uses it), so this restores offline.
        var result = await Fixtures.RunAsync("nuget.ipynb", timeout: TimeSpan.FromMinutes(3),
            prepare: folder => Environment.SetEnvironmentVariable("CURRICULUM_NUGET_CACHE", Path.Combine(Path.GetTempPath(), "curriculum-tests-nuget")));

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal("<p><em>hi</em></p>\n", Assert.Single(result.OutputsOf(2)).Mime("text/plain"));
    }

    [Fact]
    public async Task An_invalid_package_version_fails_the_cell_with_a_clear_error_on_the_directive_line()
    {
        var result = await Fixtures.RunAsync("nuget-missing.ipynb", timeout: TimeSpan.FromMinutes(3),
            prepare: folder => Environment.SetEnvironmentVariable("CURRICULUM_NUGET_CACHE", Path.Combine(Path.GetTempPath(), "curriculum-tests-nuget")));

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.OutputsOf(2));
        Assert.Equal("NuGetRestoreError", error!["ename"]!.GetValue<string>());
        Assert.StartsWith("\"not-a-version\" is not a valid NuGet version for package Markdig", error["evalue"]!.GetValue<string>());
        Assert.Equal(2, result.Failure!.CellNumber);
        Assert.Equal(1, result.Failure.Line);
    }
}
