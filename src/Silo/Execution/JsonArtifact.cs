using System.Text.Json;
using StyleFarm.Grains.Artifacts;

namespace StyleFarm.Silo.Execution;

/// <summary>A small JSON document in the artifact store (a job's metrics, a training's status), written whole and read whole.</summary>
public static class JsonArtifact
{
    /// <summary>Stores <paramref name="value"/> at <paramref name="key"/>.</summary>
    public static Task WriteAsync<T>(IArtifactStore store, ArtifactKey key, T value, JsonSerializerOptions json, CancellationToken cancellationToken) =>
        store.PutAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, json), cancellationToken);

    /// <summary>The document at <paramref name="key"/>, or null when none is stored; <paramref name="what"/> names it in the error for an empty one.</summary>
    public static async Task<T?> ReadAsync<T>(IArtifactStore store, ArtifactKey key, JsonSerializerOptions json, string what, CancellationToken cancellationToken)
        where T : class
    {
        if (!await store.ExistsAsync(key, cancellationToken).ConfigureAwait(false)) return null;
        return JsonSerializer.Deserialize<T>(await store.GetAsync(key, cancellationToken).ConfigureAwait(false), json)
            ?? throw new InvalidDataException($"{key} holds no {what}");
    }
}
