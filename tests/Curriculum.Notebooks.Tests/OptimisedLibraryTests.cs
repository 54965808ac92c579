using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json.Nodes;

namespace Curriculum.Notebooks.Tests;

/// <summary>
/// Notebooks must always run an optimised Attention.dll: a Debug build also writes artifacts/lib/Attention.dll, and an
/// unoptimised one ran the kernels 2–9× slower (issue 14). lib/Attention sets Optimize=true in every configuration.
/// </summary>
public class OptimisedLibraryTests
{
    private static string LibraryPath => Path.GetFullPath(Path.Combine(Fixtures.RepoRoot(), "artifacts", "lib", "Attention.dll"));

    [Fact]
    public async Task The_Attention_dll_a_notebook_loads_has_the_JIT_optimiser_enabled()
    {
        // A notebook one folder below artifacts/ resolves "../lib/Attention.dll" to the same file that every chapter's
        // setup cell "#r \"../artifacts/lib/Attention.dll\"" loads from notebooks/.
        string folder = Path.Combine(Fixtures.RepoRoot(), "artifacts", "optimised-check-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            string notebook = Path.Combine(folder, "check.ipynb");
            File.WriteAllText(notebook, Notebook(
                "#r \"../lib/Attention.dll\"",
                """
                var assembly = typeof(Attention.Matrix).Assembly;
                var debuggable = (System.Diagnostics.DebuggableAttribute?)Attribute.GetCustomAttribute(assembly, typeof(System.Diagnostics.DebuggableAttribute));
                Console.WriteLine($"{assembly.Location}|{debuggable?.IsJITOptimizerDisabled ?? false}");
                """));

            var result = await NotebookRunner.RunAsync(notebook, new NotebookRunOptions { CellTimeout = TimeSpan.FromSeconds(60) });

            Assert.True(result.Succeeded, result.Failure?.ToString());
            string[] printed = result.OutputsOf(2)[0].StreamText().Trim().Split('|');
            Assert.Equal(LibraryPath, Path.GetFullPath(printed[0]));
            Assert.Equal("False", printed[1]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_Attention_dll_in_artifacts_lib_is_built_with_optimisations()
    {
        var context = new AssemblyLoadContext("optimised-check", isCollectible: true);
        try
        {
            using var stream = File.OpenRead(LibraryPath);
            Assembly assembly = context.LoadFromStream(stream);
            var debuggable = assembly.GetCustomAttribute<DebuggableAttribute>();
            Assert.False(debuggable?.IsJITOptimizerDisabled ?? false, $"{LibraryPath} was built with the JIT optimiser disabled (a Debug build without Optimize=true).");
        }
        finally
        {
            context.Unload();
        }
    }

    private static string Notebook(params string[] cells)
    {
        var array = new JsonArray();
        for (int i = 0; i < cells.Length; i++)
            array.Add(new JsonObject
            {
                ["cell_type"] = "code",
                ["execution_count"] = null,
                ["id"] = $"cell-{i + 1:00}",
                ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } },
                ["outputs"] = new JsonArray(),
                ["source"] = cells[i],
            });
        return new JsonObject
        {
            ["cells"] = array,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["display_name"] = ".NET (C#)", ["language"] = "C#" },
                ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        }.ToJsonString();
    }
}
