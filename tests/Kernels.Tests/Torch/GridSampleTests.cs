using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace StyleFarm.Kernels.Tests.Torch;

public class GridSampleTests
{
    private const int Height = 3, Width = 5;

    // Pixel (x, y) of channel c holds 10·y + x + 100·c.
    private static Tensor Image()
    {
        var values = new float[2 * Height * Width];
        for (var c = 0; c < 2; c++)
        for (var y = 0; y < Height; y++)
        for (var x = 0; x < Width; x++)
            values[(c * Height + y) * Width + x] = 10 * y + x + 100 * c;
        return tensor(values, [1, 2, Height, Width]);
    }

    // With align_corners, −1 and 1 are the centres of the outer pixels: linspace hits every centre exactly.
    private static Tensor IdentityGrid()
    {
        var gx = linspace(-1, 1, Width).view(1, 1, Width, 1).expand(1, Height, Width, 1);
        var gy = linspace(-1, 1, Height).view(1, Height, 1, 1).expand(1, Height, Width, 1);
        return cat([gx, gy], 3);
    }

    [Fact]
    public void TheIdentityGridReproducesTheInput()
    {
        using var scope = NewDisposeScope();
        var input = Image();
        var bilinear = F.grid_sample(input, IdentityGrid(), align_corners: true);
        var nearest = F.grid_sample(input, IdentityGrid(), GridSampleMode.Nearest, align_corners: true);
        Assert.Equal(input.data<float>().ToArray(), bilinear.data<float>().ToArray());
        Assert.Equal(input.data<float>().ToArray(), nearest.data<float>().ToArray());
    }

    [Fact]
    public void AHalfPixelShiftAveragesHorizontalNeighbours()
    {
        using var scope = NewDisposeScope();
        var input = Image();
        // One pixel is 2/(W−1) in grid units; half of it moves every sample between two pixels.
        var shifted = IdentityGrid() + tensor(new[] { 1f / (Width - 1), 0f });
        var zeros = F.grid_sample(input, shifted, align_corners: true).data<float>().ToArray();
        var border = F.grid_sample(input, shifted, padding_mode: GridSamplePaddingMode.Border, align_corners: true)
            .data<float>().ToArray();
        var source = input.data<float>().ToArray();
        for (var c = 0; c < 2; c++)
        for (var y = 0; y < Height; y++)
        {
            var row = (c * Height + y) * Width;
            for (var x = 0; x < Width - 1; x++)
                Assert.Equal((source[row + x] + source[row + x + 1]) / 2, zeros[row + x]);
            // Past the last pixel: half of it against zero padding, all of it against the border.
            Assert.Equal(source[row + Width - 1] / 2, zeros[row + Width - 1]);
            Assert.Equal(source[row + Width - 1], border[row + Width - 1]);
        }
    }

    [Fact]
    public void ReflectionPaddingMirrorsSamplesOutsideTheImage()
    {
        using var scope = NewDisposeScope();
        var input = Image();
        // One pixel left of the first column reflects to the second column.
        var grid = IdentityGrid() - tensor(new[] { 2f / (Width - 1), 0f });
        var y = F.grid_sample(input, grid, padding_mode: GridSamplePaddingMode.Reflection, align_corners: true)
            .data<float>().ToArray();
        Assert.Equal(1f, y[0]);
        Assert.Equal(0f, y[1]);
    }

    [Fact]
    public void AGridOfTheWrongShapeRaisesLibtorchsMessage()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ExternalException>(() =>
            F.grid_sample(Image(), zeros([1, Height, Width, 3])));
        Assert.Contains("grid", error.Message);
    }
}
