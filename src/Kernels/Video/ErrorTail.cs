using System.Text.RegularExpressions;

namespace StyleFarm.Kernels.Video;

/// <summary>
/// The last lines a tool wrote to stderr, tidied for an exception message: the context addresses
/// ffmpeg prints ("[png @ 0x55…]") are dropped so that repeated errors collapse into one line, and the
/// query of any URL ffmpeg names (a blob's SAS signature) is hidden, as messages reach job status and logs.
/// </summary>
internal sealed partial class ErrorTail(int capacity)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    public void Add(string line)
    {
        var tidy = MediaInput.Redact(ContextAddress().Replace(line, "")).Trim();
        if (tidy.Length == 0) return;
        lock (_gate)
        {
            // ffmpeg repeats one error per thread or per retry; once is enough in a message.
            if (_lines.Count > 0 && _lines.Last() == tidy) return;
            _lines.Enqueue(tidy);
            while (_lines.Count > capacity) _lines.Dequeue();
        }
    }

    public override string ToString()
    {
        lock (_gate) return string.Join(" | ", _lines);
    }

    [GeneratedRegex(@" @ 0x[0-9a-fA-F]+")]
    private static partial Regex ContextAddress();
}
