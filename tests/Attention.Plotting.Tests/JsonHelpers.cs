using System.Text.Json;

namespace Attention.Plotting.Tests;

/// <summary>Reading a figure's JSON back in tests.</summary>
internal static class JsonHelpers
{
    public static JsonElement Parse(Figure figure) => JsonDocument.Parse(figure.ToJson()).RootElement.Clone();

    public static JsonElement Trace(this JsonElement figure, int index) => figure.GetProperty("data")[index];

    public static JsonElement Layout(this JsonElement figure) => figure.GetProperty("layout");

    public static string[] Strings(this JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    public static double[] Numbers(this JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    public static double?[] NullableNumbers(this JsonElement array) =>
        [.. array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? (double?)null : e.GetDouble())];
}
