using StyleFarm.Silo.Worker;

namespace StyleFarm.Silo.Execution;

/// <summary>The executors of every task kind, sharing one worker's services.</summary>
public static class TaskExecutors
{
    /// <summary>Plan, flow, stylize, encode and train executors over <paramref name="services"/>; stylize tasks use <paramref name="models"/>.</summary>
    public static IReadOnlyList<ITaskExecutor> Create(ExecutionServices services, StyleModels models) =>
    [
        new PlanExecutor(services),
        new FlowExecutor(services),
        new StylizeExecutor(services, models),
        new EncodeExecutor(services),
        new TrainExecutor(services),
    ];
}
