namespace StyleFarm.Grains.Leasing;

/// <summary>
/// Names one lease. Every renew, commit and fail carries it, and the store acts only while the task is
/// still leased under this token, so a worker whose lease was taken back cannot touch the task again.
/// </summary>
public readonly record struct LeaseToken(Guid Value)
{
    /// <summary>A fresh random token.</summary>
    public static LeaseToken New() => new(Guid.NewGuid());

    /// <summary>32 hex digits.</summary>
    public override string ToString() => Value.ToString("N");
}
