using System.Text;
using System.Text.Json;

namespace StyleFarm.Kernels.Models;

/// <summary>Checks the JSON header against the format's rules and the data length that follows it.</summary>
internal static class SafeTensorsHeader
{
    public static (Dictionary<string, SafeTensorInfo>, IReadOnlyDictionary<string, string>) Parse(string path, byte[] header, long dataLength)
    {
        JsonDocument document;
        try
        {
            // Strict UTF-8: a header with invalid bytes is as broken as one with bad JSON.
            var text = new UTF8Encoding(false, true).GetString(header);
            document = JsonDocument.Parse(text);
        }
        catch (Exception e) when (e is JsonException or DecoderFallbackException)
        {
            throw new InvalidModelFileException(path, $"the {header.Length}-byte header is not valid UTF-8 JSON: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new InvalidModelFileException(path, $"the header is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object mapping tensor names to entries");
            var tensors = new Dictionary<string, SafeTensorInfo>(StringComparer.Ordinal);
            IReadOnlyDictionary<string, string> metadata = new Dictionary<string, string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw new InvalidModelFileException(path, $"the header names '{property.Name}' twice");
                if (property.Name == SafeTensorsFile.MetadataKey)
                    metadata = ParseMetadata(path, property.Value);
                else
                    tensors.Add(property.Name, ParseEntry(path, property.Name, property.Value, dataLength));
            }
            CheckLayout(path, tensors.Values, dataLength);
            return (tensors, metadata);
        }
    }

    private static IReadOnlyDictionary<string, string> ParseMetadata(string path, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new InvalidModelFileException(path, $"'{SafeTensorsFile.MetadataKey}' must be an object of strings, not a JSON {value.ValueKind.ToString().ToLowerInvariant()}");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw new InvalidModelFileException(path, $"'{SafeTensorsFile.MetadataKey}' entry '{item.Name}' must be a string");
            metadata[item.Name] = item.Value.GetString()!;
        }
        return metadata;
    }

    private static SafeTensorInfo ParseEntry(string path, string name, JsonElement entry, long dataLength)
    {
        string Where(string problem) => $"tensor '{name}': {problem}";
        if (entry.ValueKind != JsonValueKind.Object)
            throw new InvalidModelFileException(path, Where("its entry is not a JSON object with dtype, shape and data_offsets"));

        if (!entry.TryGetProperty("dtype", out var dtypeValue))
            throw new InvalidModelFileException(path, Where("the entry has no 'dtype'"));
        if (dtypeValue.ValueKind != JsonValueKind.String)
            throw new InvalidModelFileException(path, Where("'dtype' is not a string"));
        var dtypeName = dtypeValue.GetString()!;
        if (!SafeTensorsDTypes.TryParse(dtypeName, out var dtype))
            throw new InvalidModelFileException(path, Where($"unknown dtype '{dtypeName}' (known: {string.Join(", ", Enum.GetNames<SafeTensorsDType>())})"));

        if (!entry.TryGetProperty("shape", out var shapeValue))
            throw new InvalidModelFileException(path, Where("the entry has no 'shape'"));
        var shape = ReadIntegers(shapeValue)
            ?? throw new InvalidModelFileException(path, Where("'shape' must be an array of non-negative integers"));

        if (!entry.TryGetProperty("data_offsets", out var offsetsValue))
            throw new InvalidModelFileException(path, Where("the entry has no 'data_offsets'"));
        var offsets = ReadIntegers(offsetsValue);
        if (offsets is not { Length: 2 })
            throw new InvalidModelFileException(path, Where("'data_offsets' must be [begin, end], two non-negative integers"));
        var (begin, end) = (offsets[0], offsets[1]);
        if (end < begin)
            throw new InvalidModelFileException(path, Where($"data_offsets end {end} is before begin {begin}"));
        if (end > dataLength)
            throw new InvalidModelFileException(path, Where($"data_offsets [{begin}, {end}] run past the end of the data, which is {dataLength} bytes (truncated file, or wrong offsets)"));

        long needed;
        try
        {
            needed = checked(TensorShape.ElementCount(shape) * SafeTensorsDTypes.SizeOf(dtype));
        }
        catch (OverflowException)
        {
            throw new InvalidModelFileException(path, Where($"shape {TensorShape.Format(shape)} is too large to address"));
        }
        if (end - begin != needed)
            throw new InvalidModelFileException(path, Where($"holds {end - begin} bytes, but dtype {dtype} with shape {TensorShape.Format(shape)} needs {needed}"));
        return new SafeTensorInfo(name, dtype, shape, begin, end);
    }

    private static long[]? ReadIntegers(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array) return null;
        var result = new long[value.GetArrayLength()];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var n) || n < 0) return null;
            result[i++] = n;
        }
        return result;
    }

    /// <summary>Tensors may not overlap, and (as the format requires) together cover the data exactly.</summary>
    private static void CheckLayout(string path, IEnumerable<SafeTensorInfo> tensors, long dataLength)
    {
        long covered = 0;
        SafeTensorInfo? previous = null;
        foreach (var t in tensors.OrderBy(t => t.DataBegin).ThenBy(t => t.DataEnd))
        {
            if (previous is not null && t.DataBegin < previous.DataEnd)
                throw new InvalidModelFileException(path,
                    $"tensors '{previous.Name}' (bytes {previous.DataBegin}–{previous.DataEnd}) and '{t.Name}' (bytes {t.DataBegin}–{t.DataEnd}) overlap");
            if (t.DataBegin > covered)
                throw new InvalidModelFileException(path, $"data bytes {covered}–{t.DataBegin} belong to no tensor (the format allows no gaps)");
            covered = t.DataEnd;
            previous = t;
        }
        if (covered != dataLength)
            throw new InvalidModelFileException(path, $"the last {dataLength - covered} bytes of data (from {covered} to {dataLength}) belong to no tensor (trailing bytes, or a missing header entry)");
    }
}
