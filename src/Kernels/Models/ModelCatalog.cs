namespace StyleFarm.Kernels.Models;

/// <summary>The networks the model store can install, by name.</summary>
public sealed class ModelCatalog
{
    private readonly Dictionary<string, FeatureNetworkLayout> _layouts;

    public ModelCatalog(IEnumerable<FeatureNetworkLayout> layouts)
    {
        _layouts = new Dictionary<string, FeatureNetworkLayout>(StringComparer.Ordinal);
        foreach (var layout in layouts)
            if (!_layouts.TryAdd(layout.ModelName, layout))
                throw new ArgumentException($"two layouts are both named '{layout.ModelName}'", nameof(layouts));
        Names = _layouts.Keys.ToList();
    }

    /// <summary>The project's networks: "vgg19" (the optimisation stylizer) and "vgg16" (the network stylizer's loss).</summary>
    public static ModelCatalog Default { get; } = new([Vgg19Layout.Features, Vgg16Layout.Features]);

    /// <summary>Known model names, in catalog order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The layout of <paramref name="name"/>; an unknown name gets an error listing the known ones.</summary>
    public FeatureNetworkLayout Get(string name) =>
        _layouts.TryGetValue(name, out var layout) ? layout
            : throw new ArgumentException($"unknown model '{name}'; known models: {string.Join(", ", Names)}", nameof(name));
}
