namespace StyleFarm.Grains.Cluster;

/// <summary>The job list; see <see cref="IJobListGrain"/>.</summary>
[CoordinatorPlacement]
public sealed class JobListGrain([PersistentState("jobs", GrainServices.Storage)] IPersistentState<JobListGrainState> state) : Grain, IJobListGrain
{
    public async Task PutAsync(JobListing listing)
    {
        // Reports travel one way and may cross: keep the latest change, and skip a write that changes nothing.
        if (state.State.Jobs.TryGetValue(listing.Id, out var kept) && (kept.UpdatedAt > listing.UpdatedAt || kept == listing)) return;
        state.State.Jobs[listing.Id] = listing;
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<JobListing>> ListAsync() =>
        Task.FromResult<IReadOnlyList<JobListing>>(state.State.Jobs.Values.OrderBy(j => j.SubmittedAt).ThenBy(j => j.Id).ToList());
}
