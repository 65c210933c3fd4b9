namespace StyleFarm.Kernels.Flow;

/// <summary>OpenCV's DIS presets (the values are OpenCV's PRESET_* constants), fastest first.</summary>
public enum DisPreset
{
    /// <summary>Finest scale 2, patch 8, stride 4, 12 gradient descent iterations, no variational refinement.</summary>
    UltraFast = 0,

    /// <summary>Finest scale 2, patch 8, stride 4, 16 gradient descent iterations, 5 variational refinement iterations.</summary>
    Fast = 1,

    /// <summary>Finest scale 1, patch 8, stride 3, 25 gradient descent iterations, 5 variational refinement iterations.</summary>
    Medium = 2,
}
