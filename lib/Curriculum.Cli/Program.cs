using System.CommandLine;
using Curriculum.Cli;

var timeout = new Option<double>("--timeout")
{
    Description = "Time limit per cell, in seconds.",
    DefaultValueFactory = _ => Commands.DefaultTimeoutSeconds,
};
var jobs = new Option<int>("--jobs")
{
    Description = "Notebooks executed at the same time (each in its own process).",
    DefaultValueFactory = _ => Commands.DefaultJobs,
};
Argument<string[]> NotebooksArgument() => new("notebooks")
{
    Description = "Notebook files (.ipynb). Default: notebooks/*.ipynb of the repository.",
    Arity = ArgumentArity.ZeroOrMore,
};
Option<string?> OutOption(string defaultFolder) => new("--out")
{
    Description = $"Output folder. Default: {defaultFolder} under the repository root.",
};

var runNotebooks = NotebooksArgument();
var runOut = OutOption("artifacts/notebooks");
var run = new Command("run", "Execute notebooks headless and write executed copies with outputs.") { runNotebooks, timeout, jobs, runOut };
run.SetAction((result, token) => Commands.RunAsync(result.GetValue(runNotebooks) ?? [], result.GetValue(timeout), result.GetValue(jobs), result.GetValue(runOut), token));

var bookNotebooks = NotebooksArgument();
var bookOut = OutOption("artifacts/book");
var book = new Command("book", "Execute every notebook and render the static HTML book (works offline from disk).") { bookNotebooks, timeout, jobs, bookOut };
book.SetAction((result, token) => Commands.BookAsync(result.GetValue(bookNotebooks) ?? [], result.GetValue(timeout), result.GetValue(jobs), result.GetValue(bookOut), token));

var checkNotebooks = NotebooksArgument();
var check = new Command("check", "Lint notebook format: nbformat 4.5, C# kernel metadata, cell ids, no outputs.") { checkNotebooks };
check.SetAction(result => Commands.Check(result.GetValue(checkNotebooks) ?? []));

var root = new RootCommand("The attention curriculum's notebook tool: run, render and check the C# notebooks.") { run, book, check };
foreach (var command in GradingCommands.All()) root.Subcommands.Add(command);
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0 && parsed.CommandResult.Command != root)
{
    // One line for a bad option value or an unknown argument of a verb; `curriculum` alone still prints the help.
    Console.Error.WriteLine($"curriculum: {parsed.Errors[0].Message} (see: curriculum {parsed.CommandResult.Command.Name} --help)");
    return 2;
}
return parsed.Invoke();
