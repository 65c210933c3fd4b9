namespace StyleFarm.Grains.StateMachines;

/// <summary>
/// An immutable table of the moves allowed between the values of an enum. <see cref="Move"/> returns
/// the new state or throws <see cref="IllegalTransitionException"/> naming both states.
/// </summary>
/// <typeparam name="TState">The enum of states.</typeparam>
public sealed class StateMachine<TState> where TState : struct, Enum
{
    private readonly string _subject;
    private readonly Dictionary<TState, TState[]> _allowed;

    /// <summary>Creates the machine for <paramref name="subject"/> (used in messages) from its allowed moves.</summary>
    /// <param name="subject">What the states belong to, e.g. "job".</param>
    /// <param name="allowed">For each state, the states it may move to; states not listed are terminal.</param>
    public StateMachine(string subject, IReadOnlyDictionary<TState, TState[]> allowed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        _subject = subject;
        _allowed = Enum.GetValues<TState>().ToDictionary(
            s => s,
            s => allowed.TryGetValue(s, out var to) ? to.Distinct().ToArray() : []);
    }

    /// <summary>Whether <paramref name="from"/> may move to <paramref name="to"/>.</summary>
    public bool CanMove(TState from, TState to) => _allowed[from].Contains(to);

    /// <summary>The states <paramref name="from"/> may move to (empty for a terminal state).</summary>
    public IReadOnlyList<TState> AllowedFrom(TState from) => _allowed[from];

    /// <summary>Whether no move leaves <paramref name="state"/>.</summary>
    public bool IsTerminal(TState state) => _allowed[state].Length == 0;

    /// <summary>Returns <paramref name="to"/> when the move is allowed; otherwise throws.</summary>
    /// <exception cref="IllegalTransitionException">The move is not in the table.</exception>
    public TState Move(TState from, TState to)
    {
        if (CanMove(from, to)) return to;
        var allowed = _allowed[from];
        var instead = allowed.Length == 0
            ? $"{from} is final: nothing leaves it"
            : $"from {from} a {_subject} may only go to {string.Join(", ", allowed)}";
        throw new IllegalTransitionException(_subject, from.ToString(), to.ToString(),
            $"a {_subject} cannot go from {from} to {to}: {instead}");
    }
}
