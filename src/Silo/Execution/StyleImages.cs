using StyleFarm.Grains.Jobs;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Silo.Execution;

/// <summary>A job's style image, checked and read.</summary>
public static class StyleImages
{
    /// <summary>The one style image of <paramref name="spec"/>.</summary>
    /// <exception cref="PermanentTaskException">The job names more than one style image (mixing styles is not supported yet).</exception>
    public static string Single(JobSpec spec) =>
        spec.StyleImages.Count == 1
            ? spec.StyleImages[0]
            : throw new PermanentTaskException($"the job names {spec.StyleImages.Count} style images ({string.Join(", ", spec.StyleImages)}), but this farm stylizes with one: submit one style image per job");

    /// <summary>Decodes the style image at <paramref name="path"/>.</summary>
    /// <exception cref="PermanentTaskException">It is a URI, missing, or not an image; the message names it.</exception>
    public static RgbFrame Read(string path)
    {
        LocalPaths.Require(path, "style image");
        try
        {
            return ImageFile.Read(path);
        }
        catch (FileNotFoundException e)
        {
            throw new PermanentTaskException($"the style image {path} does not exist: give the path of a PNG or JPEG image", e);
        }
        catch (MediaException e)
        {
            throw new PermanentTaskException($"the style file {path} is not an image ffmpeg can read: {e.Message}; give a PNG or JPEG image", e);
        }
    }
}
