using System.Security.Cryptography;
using System.Text.Json;
using Xunit.Abstractions;

namespace Attention.Tests;

/// <summary>
/// The committed weights of chapter 13 (notebooks/weights/): present, small, loadable, listed in the manifest with
/// their hashes, and rebuilt by the documented command (tools/TrainWeights calls <see cref="ShippedModel.Train"/>).
/// The rebuild is compared byte for byte on a machine with the manifest's signature, by behaviour elsewhere
/// (docs/decisions.md, "Shipped weights").
/// </summary>
public class ShippedModelsTests(ITestOutputHelper output)
{
    private static readonly string Folder = Path.Combine(RepoRoot(), "notebooks", "weights");

    [Fact]
    public void Every_shipped_model_is_committed_loads_with_its_config_and_all_weigh_under_2_MB()
    {
        Assert.Equal(8, ShippedModels.All.Count);
        Assert.Equal(ShippedModels.All.Count, ShippedModels.All.Select(m => m.Name).Distinct().Count());
        long total = 0;
        foreach (var shipped in ShippedModels.All)
        {
            var model = shipped.Load(Folder);
            Assert.Equal(shipped.Config, model.Config);
            total += new FileInfo(Path.Combine(Folder, shipped.FileName)).Length;
        }
        Assert.True(total < 2_000_000, $"the shipped weights weigh {total} bytes; the budget is 2 MB");
        Assert.Equal(4, Enum.GetValues<PositionScheme>().Select(ShippedModels.LengthGeneralisation).Distinct().Count());
        Assert.Throws<ArgumentException>(() => ShippedModels.Get("no-such-model"));
    }

    [Fact]
    public void The_manifest_lists_every_file_with_its_SHA_256()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")));
        var models = manifest.RootElement.GetProperty("models");
        foreach (var shipped in ShippedModels.All)
        {
            var entry = models.GetProperty(shipped.Name);
            string hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Folder, shipped.FileName))));
            Assert.Equal(entry.GetProperty("sha256").GetString(), hash);
        }
    }

    [Fact]
    public void Retraining_the_reverse_model_rebuilds_the_committed_file_byte_for_byte_on_the_same_kind_of_machine()
    {
        var shipped = ShippedModels.Reverse;
        using var buffer = new MemoryStream();
        var retrained = shipped.Train();
        retrained.Save(buffer);
        byte[] committed = File.ReadAllBytes(Path.Combine(Folder, shipped.FileName));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")));
        string trainedOn = manifest.RootElement.GetProperty("machine").GetString()!, here = ShippedModels.MachineSignature();
        output.WriteLine($"trained on: {trainedOn}\nthis machine: {here}");
        if (trainedOn == here)
        {
            Assert.True(committed.AsSpan().SequenceEqual(buffer.ToArray()), $"retraining {shipped.Name} on the machine kind it was trained on must give the committed bytes; rebuild with tools/TrainWeights if the training recipe changed on purpose");
            return;
        }
        // Another vector width, FMA or runtime: the last bits differ, the trained behaviour must not.
        var test = SyntheticTasks.Reverse(100, ShippedModels.SequenceLength, ShippedModels.SequenceSymbols, seed: 42);
        float retrainedAccuracy = Interpretability.Accuracy(retrained, test), committedAccuracy = Interpretability.Accuracy(shipped.Load(Folder), test);
        output.WriteLine($"different machine: held-out accuracy retrained {retrainedAccuracy:F3}, committed {committedAccuracy:F3}");
        Assert.True(retrainedAccuracy >= 0.98f && committedAccuracy >= 0.98f, $"both should reverse held-out sequences: retrained {retrainedAccuracy}, committed {committedAccuracy}");
    }

    [Fact]
    public void Loading_a_shipped_model_from_a_file_of_another_model_says_what_to_rebuild()
    {
        string folder = Path.Combine(Path.GetTempPath(), "shipped-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            File.Copy(Path.Combine(Folder, ShippedModels.InductionOneLayer.FileName), Path.Combine(folder, ShippedModels.InductionTwoLayer.FileName));
            var error = Assert.Throws<InvalidDataException>(() => ShippedModels.InductionTwoLayer.Load(folder));
            Assert.Contains("tools/TrainWeights", error.Message);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Curriculum.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Curriculum.sln above {AppContext.BaseDirectory}.");
    }
}
