namespace StyleFarm.Kernels.Optim;

/// <summary>
/// Settings of <see cref="Adam"/>; the defaults are Kingma and Ba's (and PyTorch's), which are also the
/// paper's for training the stylization network (sec. 5: Adam, learning rate 1e-3).
/// </summary>
public sealed record AdamOptions
{
    /// <summary>The step size α; default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>The decay β₁ of the gradient's running mean; default 0.9.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>The decay β₂ of the squared gradient's running mean; default 0.999.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>The ε added to √v̂ in the denominator; default 1e-8.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw Invalid(nameof(LearningRate), LearningRate, "must be positive and finite");
        if (!(Beta1 >= 0 && Beta1 < 1))
            throw Invalid(nameof(Beta1), Beta1, "must be in [0, 1)");
        if (!(Beta2 >= 0 && Beta2 < 1))
            throw Invalid(nameof(Beta2), Beta2, "must be in [0, 1)");
        if (!(Epsilon >= 0) || double.IsInfinity(Epsilon))
            throw Invalid(nameof(Epsilon), Epsilon, "must be finite and 0 or more");
    }

    private static ArgumentException Invalid(string name, double value, string rule) =>
        new($"Adam option {name} = {value} {rule}", name);
}
