namespace StyleFarm.Grains.StateMachines;

/// <summary>
/// Thrown when something asks a job or a task to move between two states that its state machine does
/// not connect. The message names the subject, both states and the states that are allowed instead.
/// </summary>
public sealed class IllegalTransitionException : InvalidOperationException
{
    /// <summary>Creates the exception for a move of <paramref name="subject"/> from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public IllegalTransitionException(string subject, string from, string to, string message)
        : base(message)
    {
        Subject = subject;
        From = from;
        To = to;
    }

    /// <summary>What was moved: "job" or "task".</summary>
    public string Subject { get; }

    /// <summary>The state it was in.</summary>
    public string From { get; }

    /// <summary>The state it was asked to move to.</summary>
    public string To { get; }
}
