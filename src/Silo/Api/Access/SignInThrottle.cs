namespace StyleFarm.Silo.Api.Access;

/// <summary>
/// Slows failed sign-ins: each waits <see cref="ApiOptions.FailedSignInDelay"/>, one at a time, so all guessers together
/// get one guess per delay. A token of 16+ random characters is safe from guessing anyway; this keeps a scripted flood
/// of guesses at the form pointless and cheap for the silo, without locking anyone out (a right token never waits).
/// </summary>
public sealed class SignInThrottle(TimeSpan delay, TimeProvider time)
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>Waits for this failure's turn and then the delay.</summary>
    public async Task FailedAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            await Task.Delay(delay, time, cancellationToken);
        }
        finally
        {
            _turn.Release();
        }
    }
}
