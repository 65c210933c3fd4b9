namespace StyleFarm.Client.Cli;

/// <summary>How `stylefarm watch` follows a job: how often it refreshes, and how long it rides out an API that went away.</summary>
public sealed record WatchOptions
{
    /// <summary>
    /// The longest wait on the events long poll, so the progress line refreshes at least this often. Default 5 s: a
    /// new event answers at once; between events the frame counts move every few seconds.
    /// </summary>
    public TimeSpan Refresh { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long watch keeps trying to reach an API that stopped answering (a silo restarting, grains moving) before it
    /// gives up with the last error. Default 60 s: a restarted silo serves again within seconds; a farm that stays
    /// down that long needs a person.
    /// </summary>
    public TimeSpan ReconnectFor { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The wait before the first try to reach the API again; it doubles after each failed try. Default 1 s.</summary>
    public TimeSpan FirstReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two tries. Default 8 s, so a silo back after 10 s is found within 8 s of it.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(8);
}
