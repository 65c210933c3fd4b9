using System.CommandLine;
using StyleFarm.Client.Cli;
using StyleFarm.Client.Commands;

ConsoleOutput.Configure();
var root = new RootCommand("StyleFarm: temporally consistent video style transfer")
{
    ProbeCommand.Create(),
    FlowCommand.Create(),
    ConsistencyCommand.Create(),
    ModelsCommand.Create(),
    ShotsCommand.Create(),
    RenderCommand.Create(),
    TrainCommand.Create(),
    SiloCommand.Create(),
    SubmitCommand.Create(),
    StatusCommand.Create(),
    WatchCommand.Create(),
    TasksCommand.Create(),
    JobActionCommands.Cancel(),
    JobActionCommands.Resume(),
    JobActionCommands.RetryFailed(),
    ClusterCommand.Create(),
};
// `submit --train` shares its name with render's submit but takes train's options (some of the same names, other meanings):
// it is its own command, chosen here.
if (SubmitTrainCommand.Matches(args)) root = new RootCommand(root.Description!) { SubmitTrainCommand.Create() };
var parse = root.Parse(args);
// A malformed command line is one line, not the whole help (which `--help` still prints).
if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction) return ParseErrors.Report(parse);
return parse.Invoke();
