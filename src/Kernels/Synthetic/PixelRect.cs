namespace StyleFarm.Kernels.Synthetic;

/// <summary>A rectangle of whole pixels: columns [Left, Left + Width), rows [Top, Top + Height).</summary>
public readonly record struct PixelRect(int Left, int Top, int Width, int Height)
{
    /// <summary>One past the last column.</summary>
    public int Right => Left + Width;

    /// <summary>One past the last row.</summary>
    public int Bottom => Top + Height;

    /// <summary>Whether pixel (x, y) lies inside.</summary>
    public bool Contains(int x, int y) => x >= Left && x < Right && y >= Top && y < Bottom;
}
