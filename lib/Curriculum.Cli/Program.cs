using System.CommandLine;
using Curriculum.Cli;

var root = new RootCommand("The attention curriculum's tool: run, render and check the C# notebooks.");
// One line per command group; each group's file builds its verbs and calls into its library.
NotebookCommands.AddTo(root);    // run, book, check
foreach (var command in GradingCommands.All()) root.Subcommands.Add(command);    // test, grade, validate, release, merge
root.Subcommands.Add(KernelCommands.Create());    // kernel [install|uninstall]
return Cli.Invoke(root, args);
