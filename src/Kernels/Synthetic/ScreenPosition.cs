namespace StyleFarm.Kernels.Synthetic;

/// <summary>A whole-pixel position on screen (in frame pixels, x rightwards, y downwards); may lie outside the frame.</summary>
public readonly record struct ScreenPosition(int X, int Y);
