// Trains the shipped models of chapter 13 and writes them, with a manifest, to notebooks/weights/:
//   dotnet run -c Release --project tools/TrainWeights -- [--out notebooks/weights] [--check] [name …]
// No names: every model in ShippedModels.All. --check retrains and compares with the files instead of writing them
// (exit code 1 when one differs). Bit-identical only on a machine with the manifest's signature (docs/decisions.md).
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attention;

string folder = Path.Combine("notebooks", "weights");
bool check = false;
var names = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--out" && i + 1 < args.Length) folder = args[++i];
    else if (args[i] == "--check") check = true;
    else if (args[i] is "-h" or "--help") { Console.WriteLine("usage: TrainWeights [--out notebooks/weights] [--check] [name …]; names: " + string.Join(", ", ShippedModels.All.Select(m => m.Name))); return 0; }
    else names.Add(args[i]);
}
var models = names.Count == 0 ? ShippedModels.All : names.Select(ShippedModels.Get).ToArray();
string manifestPath = Path.Combine(folder, "manifest.json");
var manifest = File.Exists(manifestPath) ? JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject() : new JsonObject();
string signature = ShippedModels.MachineSignature();
string? trainedOn = manifest["machine"]?.GetValue<string>();
Console.WriteLine($"machine: {signature}");
if (check && trainedOn != signature) Console.WriteLine($"note: the files were trained on {trainedOn}; bit-identity is only expected on the same signature.");
Directory.CreateDirectory(folder);
var entries = manifest["models"]?.AsObject() ?? new JsonObject();
int differing = 0;
foreach (var shipped in models)
{
    var watch = Stopwatch.StartNew();
    float loss = 0;
    var model = shipped.Train(p => loss = p.Loss);
    using var buffer = new MemoryStream();
    model.Save(buffer);
    byte[] bytes = buffer.ToArray();
    string hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
    string path = Path.Combine(folder, shipped.FileName);
    Console.Write($"{shipped.Name,-18} {model.ParameterCount,6} parameters, {bytes.Length,7} bytes, last loss {loss:F4}, {watch.Elapsed.TotalSeconds,5:F1} s  ");
    if (check)
    {
        bool same = File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes);
        if (!same) differing++;
        Console.WriteLine(same ? "identical" : "DIFFERS");
        continue;
    }
    File.WriteAllBytes(path, bytes);
    entries[shipped.Name] = new JsonObject { ["file"] = shipped.FileName, ["description"] = shipped.Description, ["parameters"] = model.ParameterCount, ["bytes"] = bytes.Length, ["sha256"] = hash };
    Console.WriteLine($"wrote {path}");
}
if (!check)
{
    var ordered = new JsonObject();
    foreach (var shipped in ShippedModels.All)
        if (entries[shipped.Name] is JsonNode entry) ordered[shipped.Name] = entry.DeepClone();
    var output = new JsonObject
    {
        ["command"] = "dotnet run -c Release --project tools/TrainWeights",
        ["machine"] = signature,
        ["models"] = ordered,
    };
    File.WriteAllText(manifestPath, output.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
}
return differing == 0 ? 0 : 1;
