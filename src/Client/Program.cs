using System.CommandLine;
using StyleFarm.Client.Commands;

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
return root.Parse(args).Invoke();
