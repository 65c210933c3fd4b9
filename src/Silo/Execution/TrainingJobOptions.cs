using System.Text.Json;
using StyleFarm.Grains.Jobs;
using StyleFarm.Kernels.Network;
using StyleFarm.Kernels.Network.Training;

namespace StyleFarm.Silo.Execution;

/// <summary>A training job's settings (<see cref="TrainingJob.Options"/>): the kernels' <see cref="TrainingOptions"/> as JSON, written by the client and read by the silos.</summary>
public static class TrainingJobOptions
{
    /// <summary><paramref name="options"/> as a job carries them.</summary>
    public static string ToJson(TrainingOptions options) => JsonSerializer.Serialize(options, NetworkModelHeader.Json);

    /// <summary>The settings of <paramref name="job"/>, validated.</summary>
    /// <exception cref="ArgumentException">They are not TrainingOptions JSON, or a setting is out of range; one line.</exception>
    public static TrainingOptions Parse(TrainingJob job)
    {
        TrainingOptions options;
        try
        {
            options = JsonSerializer.Deserialize<TrainingOptions>(job.Options, NetworkModelHeader.Json)
                ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"the training options are not valid JSON of the training settings: {e.Message}", e);
        }
        options.Validate();
        return options;
    }
}
