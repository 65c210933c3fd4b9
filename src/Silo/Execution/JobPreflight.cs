using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Silos;
using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Network;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// The one check a job passes before anything is queued, shared by `render` (<c>LocalRender</c>) and the API's submit:
/// the bounds of every field (<see cref="JobLimits"/>), the spec's own rules (<see cref="JobSpec.Validate"/>), the
/// preset and every parameter (<see cref="JobSettings.Resolve"/>), the flow method, the locations' schemes (local paths
/// and http(s) only), each local style image decoded (or the network model's header read), the local input probed
/// with ffprobe and the frame range kept inside it, the render size bounded, and the memory a stylize task needs
/// (<see cref="TaskGraphOptions"/>) held against the silos that could take it, a training job's as well. What it cannot read (an http(s)
/// input) is left to the plan task. Every refusal is one line that quotes at most an excerpt of a value.
/// </summary>
public static class JobPreflight
{
    /// <summary>Checks <paramref name="spec"/> as <paramref name="options"/> say (<see cref="CheckFields"/>, then <see cref="CheckFilesAsync"/>); returns its settings.</summary>
    /// <exception cref="JobRejectedException">The job cannot run; the message says why and what to do, in one line.</exception>
    public static async Task<JobSettings> CheckAsync(JobSpec spec, PreflightOptions options, CancellationToken cancellationToken)
    {
        var settings = CheckFields(spec, options);
        await CheckFilesAsync(spec, settings, options, cancellationToken).ConfigureAwait(false);
        return settings;
    }

    /// <summary>The checks that open no file: bounds, fields, schemes, absolute paths, preset and parameters. Returns the job's settings.</summary>
    /// <exception cref="JobRejectedException">The job cannot run; the message says why, in one line.</exception>
    public static JobSettings CheckFields(JobSpec spec, PreflightOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Fields(spec, options);
        // A training job renders nothing: the preview preset's settings stand in, unused.
        return spec.Training is null ? Settings(spec) : Settings(spec with { Preset = "preview", Parameters = new Dictionary<string, string>(), Training = null });
    }

    /// <summary>
    /// The checks that read files, after <see cref="CheckFields"/>: style images decoded, the output's name, the local input
    /// probed and the frame range inside it, and the memory and GPU a stylize task needs against <see cref="PreflightOptions.Silos"/>.
    /// </summary>
    /// <exception cref="JobRejectedException">The job cannot run; the message says why and what to do, in one line.</exception>
    public static async Task CheckFilesAsync(JobSpec spec, JobSettings settings, PreflightOptions options, CancellationToken cancellationToken)
    {
        if (spec.Training is { } training)
        {
            TrainingFiles(spec, training);
            NeedsGpu(spec, options);
            TrainingMemory(spec, options);
            return;
        }
        if (settings.Method == StylizationMethod.Network) NetworkModel(spec.StyleImages[0]);
        else
        {
            for (var i = 0; i < spec.StyleImages.Count; i++) Style(spec.StyleImages[i]);
            if (spec.StyleImages.Count != 1)
                throw new JobRejectedException($"the job names {spec.StyleImages.Count} style images, but this farm stylizes with one: submit one style image per job");
        }
        NeedsGpu(spec, options);
        await OutputAsync(spec.Output, settings).ConfigureAwait(false);
        if (LocalPaths.IsUri(spec.Input)) return;
        var info = await ProbeAsync(spec.Input, cancellationToken).ConfigureAwait(false);
        Range(spec, info);
        Memory(spec, Size(settings, info), options);
    }

    /// <summary>
    /// <paramref name="location"/> as a job stores it: a <c>file://</c> URI becomes its path, and a relative path is made
    /// absolute against <paramref name="folder"/> (the client's current folder) or left as it is when that is null
    /// (the API then refuses it).
    /// </summary>
    public static string Normalize(string location, string? folder)
    {
        if (string.IsNullOrWhiteSpace(location)) return location;
        if (location.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.IsFile)
            return uri.LocalPath;
        if (LocalPaths.IsUri(location) || Path.IsPathRooted(location) || folder is null) return location;
        return Path.GetFullPath(location, folder);
    }

    /// <summary><paramref name="spec"/> with its input, style images and output normalized (<see cref="Normalize"/>).</summary>
    public static JobSpec Normalize(JobSpec spec, string? folder) => spec with
    {
        Input = Normalize(spec.Input, folder),
        StyleImages = spec.StyleImages?.Select(s => Normalize(s, folder)).ToList()!,
        Output = Normalize(spec.Output, folder),
    };

    private static void Fields(JobSpec spec, PreflightOptions options)
    {
        try
        {
            JobLimits.Check(spec);
            spec.Validate();
        }
        catch (ArgumentException e)
        {
            throw new JobRejectedException(MessageOf(e));
        }
        if (spec.Training is { } training)
        {
            TrainingFields(spec, training, options);
            return;
        }
        Location(spec.Input, "input", options);
        for (var i = 0; i < spec.StyleImages.Count; i++)
            if (spec.Method != StylizationMethod.Network || !StoredModel.IsReference(spec.StyleImages[i]))
                Location(spec.StyleImages[i], spec.Method == StylizationMethod.Network ? "network model" : "style image", options);
        Location(spec.Output, "output", options);
        if (!OpticalFlowFactory.Names.Contains(spec.FlowMethod.Trim().ToLowerInvariant()))
            throw new JobRejectedException($"the flow method '{JobLimits.Excerpt(spec.FlowMethod)}' is unknown: use one of {string.Join(", ", OpticalFlowFactory.Names)}");
    }

    // Local paths and http(s) only: ftp://, s3://, a relative path a silo would resolve in its own folder are refused.
    private static void Location(string location, string what, PreflightOptions options)
    {
        var shown = MediaInput.Redact(JobLimits.Excerpt(location));
        if (LocalPaths.IsUri(location))
        {
            if (MediaInput.IsUrl(location)) return;
            throw new JobRejectedException($"the {what} {shown} is a {new Uri(location).Scheme}: URI: give a local path or an http(s) URL");
        }
        if (location.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            throw new JobRejectedException($"the {what} {shown} is not a usable file: URI: give file:///ABSOLUTE/PATH or the path itself");
        if (options.RequireAbsolutePaths && !Path.IsPathRooted(location))
            throw new JobRejectedException($"the {what} {shown} is a relative path, which a silo would resolve in its own folder: give an absolute path");
    }

    private static readonly string[] StillImages = [".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".gif"];

    // The writer's own name rules (a .webm, a pattern without a number), checked now rather than after the whole render.
    private static async Task OutputAsync(string output, JobSettings settings)
    {
        var shown = MediaInput.Redact(JobLimits.Excerpt(output));
        var name = LocalPaths.IsUri(output) ? new Uri(output).AbsolutePath : output;
        if (!MediaInput.IsPattern(name) && StillImages.Contains(Path.GetExtension(name).ToLowerInvariant()))
        {
            var stem = Path.Combine(Path.GetDirectoryName(output) ?? "", Path.GetFileNameWithoutExtension(output));
            throw new JobRejectedException($"the output {shown} is a single image, not a video: write frames with a pattern such as {JobLimits.Excerpt(stem)}/%05d{Path.GetExtension(name)} or a video named .mp4 or .mkv");
        }
        OutputTarget target;
        try
        {
            target = OutputTarget.Parse(output, new JobId(Guid.CreateVersion7()), settings.SixteenBit);
        }
        catch (PermanentTaskException e)
        {
            throw new JobRejectedException(MediaInput.Redact(e.Message));
        }
        var path = target.LocalPath ?? target.FileName;
        try
        {
            // The constructor only checks the name against the format; nothing is written until a frame comes.
            await using var writer = new VideoWriter(path, new VideoWriterOptions { Format = target.Format, FrameRate = new FrameRate(25) });
        }
        catch (ArgumentException e)
        {
            throw new JobRejectedException($"the output {shown} cannot be written: {MessageOf(e).Replace(path, shown, StringComparison.Ordinal)}");
        }
    }

    private static JobSettings Settings(JobSpec spec)
    {
        try
        {
            return JobSettings.Resolve(spec);
        }
        catch (PermanentTaskException e)
        {
            throw new JobRejectedException(e.Message);
        }
    }

    // A training job (submit --train): its folders and style as locations, its settings parsed, its model's name.
    private static void TrainingFields(JobSpec spec, TrainingJob training, PreflightOptions options)
    {
        foreach (var folder in training.DataFolders)
        {
            if (LocalPaths.IsUri(folder))
                throw new JobRejectedException($"the training data folder {MediaInput.Redact(JobLimits.Excerpt(folder))} is a URL: give a folder every silo can read");
            Location(folder, "training data folder", options);
        }
        Location(spec.StyleImages[0], "style image", options);
        try
        {
            TrainingJobOptions.Parse(training);
            StoredModel.NameOf(spec.Output);
        }
        catch (ArgumentException e)
        {
            throw new JobRejectedException(MessageOf(e));
        }
    }

    // The data folders hold images or videos, and the style image decodes.
    private static void TrainingFiles(JobSpec spec, TrainingJob training)
    {
        try
        {
            Kernels.Network.Training.TrainingData.Find(training.DataFolders);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new JobRejectedException(e.Message);
        }
        catch (ArgumentException e)
        {
            throw new JobRejectedException(MessageOf(e));
        }
        Style(spec.StyleImages[0]);
    }

    private static void Style(string path)
    {
        if (LocalPaths.IsUri(path)) return;
        if (Directory.Exists(path))
            throw new JobRejectedException($"the style image {JobLimits.Excerpt(path)} is a folder: give the path of a PNG or JPEG image");
        var shown = JobLimits.Excerpt(path);
        try
        {
            ImageFile.Read(path);
        }
        catch (FileNotFoundException)
        {
            throw new JobRejectedException($"the style image {shown} does not exist: give the path of a PNG or JPEG image");
        }
        catch (MediaException e)
        {
            throw new JobRejectedException($"the style image {shown} is not an image ffmpeg can read ({JobLimits.Excerpt(OneLine(e.Message).Replace(path, "it", StringComparison.Ordinal))}): give a PNG or JPEG image");
        }
        catch (UnauthorizedAccessException)
        {
            throw new JobRejectedException($"the style image {JobLimits.Excerpt(path)} cannot be read (permission denied): make it readable");
        }
    }

    private static void NetworkModel(string path)
    {
        if (LocalPaths.IsUri(path)) return;
        if (Directory.Exists(path))
            throw new JobRejectedException($"the network model {JobLimits.Excerpt(path)} is a folder: give the model file made by `stylefarm train`");
        try
        {
            NetworkModelFile.ReadHeader(path);
        }
        catch (FileNotFoundException)
        {
            throw new JobRejectedException($"the network model {JobLimits.Excerpt(path)} does not exist: train one with `stylefarm train`");
        }
        catch (UnauthorizedAccessException)
        {
            throw new JobRejectedException($"the network model {JobLimits.Excerpt(path)} cannot be read (permission denied): make it readable");
        }
        catch (InvalidModelFileException e)
        {
            throw new JobRejectedException($"the network model cannot be used: {e.Message}");
        }
    }

    private static async Task<VideoInfo> ProbeAsync(string input, CancellationToken cancellationToken)
    {
        var shown = JobLimits.Excerpt(input);
        if (Directory.Exists(input))
            throw new JobRejectedException($"the input {shown} is a folder: give a video file or an image-sequence pattern such as {shown}/%05d.png");
        try
        {
            return await VideoProbe.ProbeAsync(input, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            throw new JobRejectedException($"the input {shown} does not exist: give the path of a video file or an image-sequence pattern such as frames/%05d.png");
        }
        catch (UnauthorizedAccessException)
        {
            throw new JobRejectedException($"the input {shown} cannot be read (permission denied): make it readable");
        }
        catch (MediaException e)
        {
            throw new JobRejectedException($"the input {shown} cannot be read as a video ({JobLimits.Excerpt(OneLine(e.Message).Replace(input, "it", StringComparison.Ordinal))})");
        }
    }

    // A range that reaches past the input's end is refused rather than cut silently.
    private static void Range(JobSpec spec, VideoInfo info)
    {
        var frames = info.FrameCount;
        var asked = spec.EndFrame is { } end ? $"{spec.FirstFrame}:{end}" : $"{spec.FirstFrame}:";
        if (spec.FirstFrame >= frames || spec.EndFrame > frames)
            throw new JobRejectedException($"the input {JobLimits.Excerpt(spec.Input)} has {frames} frames, so the frame range {asked} reaches past its end: give a range inside 0:{frames}");
    }

    private static (int Width, int Height) Size(JobSettings settings, VideoInfo info)
    {
        var (width, height) = settings.RenderSize(info.Width, info.Height);
        if (width < 1 || height < 1 || width > JobLimits.MaxRenderSide || height > JobLimits.MaxRenderSide)
            throw new JobRejectedException($"the render size {Math.Max(width, 0)}×{Math.Max(height, 0)} (from the input's {info.Width}×{info.Height}) is out of range: a side is 1 … {JobLimits.MaxRenderSide} pixels; give --width and --height inside it");
        return (width, height);
    }

    private static void NeedsGpu(JobSpec spec, PreflightOptions options)
    {
        if (spec.RequireGpu && options.Silos is { Count: > 0 } silos && silos.All(s => s.Gpus == 0))
            throw new JobRejectedException($"the job requires a GPU, but none of the {silos.Count} live worker silo(s) has one: " +
                                           (spec.Training is null ? "submit it without requireGpu, or start a GPU silo first" : "train on the CPU with --cpu, or start a GPU silo first"));
    }

    // The task graph's memory model: a stylize task holds one frame's activations; no silo that offers less can take it.
    private static void Memory(JobSpec spec, (int Width, int Height) size, PreflightOptions options)
    {
        if (options.Silos is not { Count: > 0 } silos) return;
        var needs = options.Graph.StylizeBytes(spec.Method, (long)size.Width * size.Height);
        long Offered(WorkerCapabilities s) => spec.RequireGpu ? (s.Gpus > 0 ? s.GpuMemoryBytes : 0) : s.MemoryBytes;
        var largest = silos.Max(Offered);
        if (needs <= largest) return;
        throw new JobRejectedException($"the job needs {Gigabytes(needs)} of {(spec.RequireGpu ? "GPU " : "")}memory per frame at {size.Width}×{size.Height}, " +
                                       $"but the largest {options.SiloWord} has {Gigabytes(largest)}: render at a smaller --width/--height");
    }

    // A train task needs TrainBytes on one silo (GPU memory unless --cpu); where none offers it, it would wait forever.
    private static void TrainingMemory(JobSpec spec, PreflightOptions options)
    {
        if (options.Silos is not { Count: > 0 } silos) return;
        var needs = options.Graph.TrainBytes;
        long Offered(WorkerCapabilities s) => spec.RequireGpu ? (s.Gpus > 0 ? s.GpuMemoryBytes : 0) : s.MemoryBytes;
        var largest = silos.Max(Offered);
        if (needs <= largest) return;
        var index = silos.ToList().FindIndex(s => Offered(s) == largest);
        var name = options.SiloNames is { } names && index < names.Count ? $", {names[index]}," : "";
        throw new JobRejectedException($"the training job needs {Gigabytes(needs)} of {(spec.RequireGpu ? "GPU " : "")}memory, but the largest {options.SiloWord}{name} has {Gigabytes(largest)}: " +
                                       (spec.RequireGpu ? "start a silo with a larger GPU, or train on the CPU with --cpu" : "start a worker silo with more memory"));
    }

    private static string Gigabytes(long bytes) => $"{bytes / 1e9:0.#} GB";

    private static string MessageOf(ArgumentException e)
    {
        var message = e.Message;
        var suffix = e.ParamName is { } name ? $" (Parameter '{name}')" : null;
        return suffix is not null && message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
    }

    private static string OneLine(string message) =>
        string.Join(" | ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
