using System.Net;
using System.Text;

namespace Curriculum.Grading;

/// <summary>
/// Per-learner feedback: points per exercise and, for each failed check, its name and message. Built only from
/// <see cref="SubmissionResult"/> rows, which hold no test source and no inputs beyond what a message names.
/// </summary>
public static class Feedback
{
    /// <summary>Markdown feedback.</summary>
    public static string Markdown(SubmissionResult result)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Feedback for {result.Submission}").AppendLine();
        md.AppendLine($"**Total: {result.Points} / {result.Possible} points**").AppendLine();
        md.AppendLine("| exercise | points | status |").AppendLine("|---|---|---|");
        foreach (var e in result.Exercises)
            md.AppendLine($"| {e.Exercise} | {e.Points} / {e.Possible} | {e.Status} |");
        foreach (var e in result.Exercises.Where(e => e.Status != "passed"))
        {
            md.AppendLine().AppendLine($"## {e.Exercise}: {e.Points} / {e.Possible}").AppendLine();
            if (e.Status is "does not compile" or "uses library" or "missing" or "not done")
            {
                md.AppendLine($"- {Escape(e.Message)}");
                continue;
            }
            foreach (var c in e.Checks.Where(c => c.Outcome != "passed"))
                md.AppendLine($"- {(c.Hidden ? "hidden check" : "check")} `{c.Name}` ({c.Possible} pt): {Escape(c.Message)}");
        }
        md.AppendLine().AppendLine("Run the public checks yourself with `curriculum test N` (N = the chapter). Hidden checks add edge cases (length 1, T ≠ S, Dv ≠ Dk, large scores, fully masked rows, random inputs against the library).");
        return md.ToString();
    }

    /// <summary>HTML feedback (self-contained page).</summary>
    public static string Html(SubmissionResult result)
    {
        string H(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Feedback: {H(result.Submission)}</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}.passed{color:#176f2c}.bad{color:#a4161a}code{background:#f3f3f3;padding:0 .2rem}</style></head><body>");
        html.Append($"<h1>Feedback for {H(result.Submission)}</h1><p><strong>Total: {result.Points} / {result.Possible} points</strong></p>");
        html.Append("<table><tr><th>exercise</th><th>points</th><th>status</th></tr>");
        foreach (var e in result.Exercises)
            html.Append($"<tr><td>{H(e.Exercise)}</td><td>{e.Points} / {e.Possible}</td><td class=\"{(e.Status == "passed" ? "passed" : "bad")}\">{H(e.Status)}</td></tr>");
        html.Append("</table>");
        foreach (var e in result.Exercises.Where(e => e.Status != "passed"))
        {
            html.Append($"<h2>{H(e.Exercise)}: {e.Points} / {e.Possible}</h2><ul>");
            if (e.Status is "does not compile" or "uses library" or "missing" or "not done")
                html.Append($"<li>{H(e.Message)}</li>");
            else
                foreach (var c in e.Checks.Where(c => c.Outcome != "passed"))
                    html.Append($"<li>{(c.Hidden ? "hidden check" : "check")} <code>{H(c.Name)}</code> ({c.Possible} pt): {H(c.Message)}</li>");
            html.Append("</ul>");
        }
        html.Append("<p>Run the public checks yourself with <code>curriculum test N</code> (N = the chapter).</p></body></html>\n");
        return html.ToString();
    }

    private static string Escape(string s) => s.Replace("|", "\\|").Replace("\n", " ");
}
