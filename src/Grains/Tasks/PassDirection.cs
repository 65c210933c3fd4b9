namespace StyleFarm.Grains.Tasks;

/// <summary>The temporal direction in which a stylize pass sweeps a segment (ALGORITHMS.md §4).</summary>
public enum PassDirection
{
    /// <summary>Not a stylize task (plan, flow, encode).</summary>
    None,

    /// <summary>Every frame on its own (pass 1 of a multi-pass job).</summary>
    Independent,

    /// <summary>Frame i is initialised from frame i − 1 warped forward.</summary>
    Forward,

    /// <summary>Frame i is initialised from frame i + 1 warped backward.</summary>
    Backward,
}
