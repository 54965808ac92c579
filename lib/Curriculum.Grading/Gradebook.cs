using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Curriculum.Grading;

/// <summary>
/// Results on disk. Grading one submission writes <c>results/&lt;submission&gt;.json</c> (an independent unit of work);
/// the gradebook (<c>gradebook.csv</c>, <c>gradebook.json</c>) and the feedback files are made from every result file
/// of one or more result folders, so fanned-out grading merges by copying result files together.
/// </summary>
public static class Gradebook
{
    /// <summary>The per-submission results folder inside an output folder.</summary>
    public const string ResultsFolder = "results";

    /// <summary>The row a submission's total gets in the exercise column.</summary>
    public const string TotalRow = "TOTAL";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>Writes one submission's result file.</summary>
    public static string WriteResult(string outDir, SubmissionResult result)
    {
        var folder = Path.Combine(outDir, ResultsFolder);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, SafeName(result.Submission) + ".json");
        File.WriteAllText(path, JsonSerializer.Serialize(result, Json));
        return path;
    }

    /// <summary>Reads every result file of the given output folders (or results folders); a later folder's result for
    /// the same submission replaces an earlier one.</summary>
    public static List<SubmissionResult> ReadResults(IEnumerable<string> folders)
    {
        var results = new Dictionary<string, SubmissionResult>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            var dir = Directory.Exists(Path.Combine(folder, ResultsFolder)) ? Path.Combine(folder, ResultsFolder) : folder;
            if (!Directory.Exists(dir))
                throw new DirectoryNotFoundException($"result folder not found: {folder}");
            foreach (var file in Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal))
            {
                var result = JsonSerializer.Deserialize<SubmissionResult>(File.ReadAllText(file), Json)
                             ?? throw new InvalidDataException($"{file} is not a result file");
                results[result.Submission] = result;
            }
        }
        return results.Values.OrderBy(r => r.Submission, StringComparer.Ordinal).ToList();
    }

    /// <summary>Writes gradebook.csv, gradebook.json and feedback/ for <paramref name="results"/> into <paramref name="outDir"/>.</summary>
    public static void WriteAll(string outDir, IReadOnlyList<SubmissionResult> results)
    {
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "gradebook.csv"), Csv(results), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var json = new
        {
            isolation = results.Select(r => r.Isolation).Distinct().ToArray(),
            rows = results.SelectMany(r => r.Exercises.Select(e => new { submission = r.Submission, exercise = e.Exercise, points = e.Points, possible = e.Possible, status = e.Status, message = e.Message })).ToArray(),
            totals = results.Select(r => new { submission = r.Submission, points = r.Points, possible = r.Possible, percent = Percent(r) }).ToArray(),
        };
        File.WriteAllText(Path.Combine(outDir, "gradebook.json"), JsonSerializer.Serialize(json, Json));
        var feedback = Path.Combine(outDir, "feedback");
        Directory.CreateDirectory(feedback);
        foreach (var result in results)
        {
            File.WriteAllText(Path.Combine(feedback, SafeName(result.Submission) + ".md"), Feedback.Markdown(result));
            File.WriteAllText(Path.Combine(feedback, SafeName(result.Submission) + ".html"), Feedback.Html(result));
        }
    }

    /// <summary>The CSV: RFC 4180, a header, one row per submission and exercise, then the submission's TOTAL row.</summary>
    public static string Csv(IReadOnlyList<SubmissionResult> results)
    {
        var csv = new StringBuilder("submission,exercise,points,possible,status,message\r\n");
        foreach (var r in results)
        {
            foreach (var e in r.Exercises)
                csv.Append(string.Join(",", Field(r.Submission), Field(e.Exercise), e.Points.ToString(CultureInfo.InvariantCulture), e.Possible.ToString(CultureInfo.InvariantCulture), Field(e.Status), Field(e.Message))).Append("\r\n");
            csv.Append(string.Join(",", Field(r.Submission), TotalRow, r.Points.ToString(CultureInfo.InvariantCulture), r.Possible.ToString(CultureInfo.InvariantCulture), Field(r.Points == r.Possible ? "passed" : "total"), Field($"{Percent(r).ToString("0.#", CultureInfo.InvariantCulture)} %"))).Append("\r\n");
        }
        return csv.ToString();
    }

    private static double Percent(SubmissionResult r) => r.Possible == 0 ? 0 : Math.Round(100.0 * r.Points / r.Possible, 1);

    private static string Field(string value)
    {
        // A leading = + - @ would be a formula in a spreadsheet: prefix it so the cell stays text.
        if (value.Length > 0 && "=+-@".Contains(value[0])) value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    /// <summary>
    /// A file name for a submission, one per submission: lower-case ASCII letters, digits, '.', '-' and '_' are kept, any
    /// other character becomes '_', and then a name that changed, or has capitals (which a case-insensitive file system
    /// would merge), gets '-' and 8 hex digits of its SHA-256, so "a b", "a_b" and "A_b" never share a result file.
    /// </summary>
    public static string SafeName(string submission)
    {
        var kept = new string(submission.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
        if (kept == submission && !submission.Any(char.IsAsciiLetterUpper)) return kept;
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(submission));
        return kept + "-" + Convert.ToHexStringLower(hash)[..8];
    }
}
