#pragma warning disable CS8981 // `torch` is lowercase on purpose: TorchSharp's name, so switching is a namespace change.
using StyleFarm.Kernels.Native;
using StyleFarm.Kernels.Torch.Native;

namespace StyleFarm.Kernels.Torch;

public static partial class torch
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// A host copy of the elements in row-major order (from any device). T must match the dtype
        /// (float for float32, byte for uint8, ...); convert with to_type first otherwise.
        /// </summary>
        public T[] data<T>() where T : unmanaged
        {
            var result = new T[CheckedElementType<T>("data")];
            CopyTo<T>(result);
            return result;
        }

        /// <summary>Copies the elements in row-major order into <paramref name="destination"/>, which must fit them exactly.</summary>
        public unsafe void CopyTo<T>(Span<T> destination) where T : unmanaged
        {
            var count = CheckedElementType<T>("CopyTo");
            if (destination.Length != count)
                throw new ArgumentException(
                    $"the tensor {this} has {count} elements, the destination {destination.Length}", nameof(destination));
            fixed (T* p = destination)
                NativeError.Check(TensorNative.ToHost(Handle, p, count, (int)HostTypes.Of<T>()), "CopyTo");
        }

        /// <summary>The value of a one-element tensor; T must match the dtype as for data&lt;T&gt;().</summary>
        public T item<T>() where T : unmanaged
        {
            var count = CheckedElementType<T>("item");
            if (count != 1)
                throw new InvalidOperationException($"item<{typeof(T).Name}>() needs a one-element tensor; {this} has {count} elements");
            Span<T> one = stackalloc T[1];
            CopyTo(one);
            return one[0];
        }

        private long CheckedElementType<T>(string operation) where T : unmanaged
        {
            var wanted = HostTypes.Of<T>();
            var actual = dtype;
            if (wanted != actual)
                throw new ArgumentException(
                    $"{operation}<{typeof(T).Name}>() reads {wanted} elements but the tensor holds {actual}; " +
                    $"call to_type(ScalarType.{wanted}) first or read it as its own type", nameof(T));
            return numel();
        }
    }
}
