using StyleFarm.Grains.Artifacts;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Stylize;
using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// Stylized frames in the artifact store, under <see cref="ArtifactKey.Frame"/>, as 16-bit RGB PNG
/// (<see cref="Png16"/>). Why PNG16: the key names a .png, any tool opens it, it is lossless at 16 bits
/// (steps of 1/65535, 256 times finer than the 8-bit output, far below what one L-BFGS iteration
/// changes) at about half the size of raw float32, and every consumer (the next pass, the neighbours'
/// halos, the encoder) reads the stored values, so all silos compute from identical inputs. A frame
/// read back and written again yields the same bytes.
/// </summary>
public sealed class FrameArtifacts(IArtifactStore store)
{
    /// <summary>
    /// Commits <paramref name="image"/> [1,3,H,W] in [0,1] under <paramref name="key"/> and returns the frame as
    /// stored (rounded to 16 bits), which is what every reader will see.
    /// </summary>
    public async Task<RgbFloatFrame> WriteAsync(ArtifactKey key, Tensor image, CancellationToken cancellationToken)
    {
        var png = Png16.Encode(FrameTensors.ToFloatFrame(image));
        await store.PutAsync(key, png, cancellationToken).ConfigureAwait(false);
        return Png16.Decode(png, key.Value);
    }

    /// <summary>Whether a frame is committed under <paramref name="key"/>.</summary>
    public Task<bool> ExistsAsync(ArtifactKey key, CancellationToken cancellationToken) => store.ExistsAsync(key, cancellationToken);

    /// <summary>Reads the frame under <paramref name="key"/>.</summary>
    /// <exception cref="ArtifactNotFoundException">No frame is committed there.</exception>
    /// <exception cref="InvalidDataException">The object is not a 16-bit RGB PNG.</exception>
    public async Task<RgbFloatFrame> ReadAsync(ArtifactKey key, CancellationToken cancellationToken) =>
        Png16.Decode(await store.GetAsync(key, cancellationToken).ConfigureAwait(false), key.Value);

    /// <summary>A float frame as a [1,3,H,W] float32 tensor on <paramref name="device"/>; the caller owns it.</summary>
    public static Tensor ToTensor(RgbFloatFrame frame, Device device)
    {
        using var scope = NewDisposeScope();
        var image = tensor(frame.Pixels, [1, frame.Height, frame.Width, 3]).permute(0, 3, 1, 2).contiguous();
        return (device.type == DeviceType.CPU ? image : image.to(device)).MoveToOuterDisposeScope();
    }
}
