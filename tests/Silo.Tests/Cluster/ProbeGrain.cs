using StyleFarm.Grains.Cluster;
using StyleFarm.Silo.Cluster;

namespace StyleFarm.Silo.Tests.Cluster;

/// <summary>A grain that counts in persisted state and holds a reminder: enough to exercise the providers' tables.</summary>
public interface IProbeGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    Task<int> ReadAsync();

    Task RegisterReminderAsync(string name);

    Task<IReadOnlyList<string>> RemindersAsync();

    Task UnregisterReminderAsync(string name);
}

[GenerateSerializer]
public sealed class ProbeState
{
    [Id(0)] public int Count { get; set; }
}

public sealed class ProbeGrain([PersistentState("probe", OrleansStorage.GrainState)] IPersistentState<ProbeState> state) : Grain, IProbeGrain, IRemindable
{
    public async Task<int> IncrementAsync()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public Task<int> ReadAsync() => Task.FromResult(state.State.Count);

    public Task RegisterReminderAsync(string name) => this.RegisterOrUpdateReminder(name, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));

    public async Task<IReadOnlyList<string>> RemindersAsync() => (await this.GetReminders()).Select(r => r.ReminderName).Order().ToList();

    public async Task UnregisterReminderAsync(string name)
    {
        if (await this.GetReminder(name) is { } reminder) await this.UnregisterReminder(reminder);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}

/// <summary>A grain placed as the coordination grains are (<see cref="CoordinatorPlacement"/>), which says where it lives.</summary>
public interface IPlacedProbeGrain : IGrainWithStringKey
{
    Task<string> SiloAsync();
}

[CoordinatorPlacement]
public sealed class PlacedProbeGrain(ILocalSiloDetails silo) : Grain, IPlacedProbeGrain
{
    public Task<string> SiloAsync() => Task.FromResult(silo.Name);
}
