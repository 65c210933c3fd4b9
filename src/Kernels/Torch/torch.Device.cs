#pragma warning disable CS8981 // `torch` is lowercase on purpose: TorchSharp's name, so switching is a namespace change.
using System.Globalization;

namespace StyleFarm.Kernels.Torch;

public static partial class torch
{
    /// <summary>A device: "cpu", "cuda" (the current CUDA device) or "cuda:N".</summary>
    public sealed class Device : IEquatable<Device>
    {
        /// <summary>A device of the given type; index −1 means "the current one" (cpu has no index).</summary>
        public Device(DeviceType type, int index = -1)
        {
            if (index < -1) throw new ArgumentOutOfRangeException(nameof(index), $"device index {index} is negative");
            if (type == DeviceType.CPU && index > 0)
                throw new ArgumentOutOfRangeException(nameof(index), $"cpu has no device {index}; use index -1 or 0");
            this.type = type;
            this.index = type == DeviceType.CPU ? -1 : index;
        }

        /// <summary>Parses "cpu", "cuda" or "cuda:N" (case-insensitive).</summary>
        public Device(string description) : this(ParseType(description), ParseIndex(description)) { }

        /// <summary>The kind of device.</summary>
        public DeviceType type { get; }

        /// <summary>The CUDA ordinal, or −1 for cpu and for "the current CUDA device".</summary>
        public int index { get; }

        public bool Equals(Device? other) => other is not null && other.type == type && other.index == index;
        public override bool Equals(object? obj) => Equals(obj as Device);
        public override int GetHashCode() => HashCode.Combine(type, index);

        /// <summary>"cpu", "cuda" or "cuda:N", as torch prints devices.</summary>
        public override string ToString() =>
            type == DeviceType.CPU ? "cpu" : index < 0 ? "cuda" : $"cuda:{index.ToString(CultureInfo.InvariantCulture)}";

        private static DeviceType ParseType(string description)
        {
            var name = Split(description).Name;
            return name switch
            {
                "cpu" => DeviceType.CPU,
                "cuda" => DeviceType.CUDA,
                _ => throw new ArgumentException(
                    $"device \"{description}\" is not known; use \"cpu\", \"cuda\" or \"cuda:N\"", nameof(description)),
            };
        }

        private static int ParseIndex(string description)
        {
            var ordinal = Split(description).Ordinal;
            if (ordinal is null) return -1;
            if (int.TryParse(ordinal, NumberStyles.None, CultureInfo.InvariantCulture, out var i)) return i;
            throw new ArgumentException(
                $"device \"{description}\" has no valid index after ':'; use e.g. \"cuda:0\"", nameof(description));
        }

        private static (string Name, string? Ordinal) Split(string description)
        {
            ArgumentNullException.ThrowIfNull(description);
            var text = description.Trim().ToLowerInvariant();
            var colon = text.IndexOf(':');
            return colon < 0 ? (text, null) : (text[..colon], text[(colon + 1)..]);
        }
    }

    /// <summary>The CPU.</summary>
    public static readonly Device CPU = new(DeviceType.CPU);

    /// <summary>The current CUDA device.</summary>
    public static readonly Device CUDA = new(DeviceType.CUDA);

    /// <summary>A device from its description: "cpu", "cuda" or "cuda:N".</summary>
    public static Device device(string description) => new(description);

    /// <summary>A device from its type and index (−1: the current one).</summary>
    public static Device device(DeviceType type, int index = -1) => new(type, index);
}
