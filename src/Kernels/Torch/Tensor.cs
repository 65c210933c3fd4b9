#pragma warning disable CS8981 // `torch` is lowercase on purpose: TorchSharp's name, so switching is a namespace change.
using StyleFarm.Kernels.Native;
using StyleFarm.Kernels.Torch.Native;

namespace StyleFarm.Kernels.Torch;

public static partial class torch
{
    /// <summary>
    /// A libtorch tensor held through a native handle. Dispose it (or let a <see cref="DisposeScope"/>
    /// do so) as soon as it is not needed: its memory, possibly GPU memory, cannot wait for the GC.
    /// Using it after disposal throws <see cref="ObjectDisposedException"/>.
    /// </summary>
    public sealed partial class Tensor : IDisposable
    {
        private readonly TensorHandle _handle;

        internal Tensor(TensorHandle handle)
        {
            _handle = handle;
            DisposeScope.Register(this);
        }

        /// <summary>The scope that will dispose this tensor, if any.</summary>
        internal DisposeScope? OwningScope { get; set; }

        /// <summary>The live native handle, for P/Invoke calls of this assembly.</summary>
        internal TensorHandle Handle => _handle.IsClosed
            ? throw new ObjectDisposedException(nameof(Tensor),
                "this tensor was disposed (by Dispose or by its DisposeScope) and cannot be used; " +
                "keep it with MoveToOuterDisposeScope/DetachFromDisposeScope or clone it before the scope ends")
            : _handle;

        /// <summary>True once the tensor has been disposed.</summary>
        public bool IsInvalid => _handle.IsClosed;

        /// <summary>Frees the native tensor now and leaves its scope.</summary>
        public void Dispose()
        {
            OwningScope?.Forget(this);
            OwningScope = null;
            _handle.Dispose();
        }

        /// <summary>Disposes without touching the scope (the scope is disposing its whole set).</summary>
        internal void DisposeFromScope()
        {
            OwningScope = null;
            _handle.Dispose();
        }

        /// <summary>
        /// Moves this tensor from its dispose scope to the enclosing one (out of every scope when there is
        /// none), so it outlives the inner scope; a tensor in no scope is left as it is.
        /// </summary>
        public Tensor MoveToOuterDisposeScope()
        {
            OwningScope?.MoveToOuter(this);
            return this;
        }

        /// <summary>Takes this tensor out of its dispose scope: the caller disposes it.</summary>
        public Tensor DetachFromDisposeScope()
        {
            OwningScope?.Detach(this);
            return this;
        }

        /// <summary>Wraps the result of a shim call, throwing the shim's message when it failed.</summary>
        internal static Tensor Wrap(int status, TensorHandle result, string operation)
        {
            if (status != 0)
            {
                // The out-pointer is meaningless on failure: never let the finalizer free it.
                result.SetHandleAsInvalid();
                NativeError.Check(status, operation);
            }
            return new Tensor(result);
        }

        /// <summary>The sizes of each dimension.</summary>
        public unsafe long[] shape
        {
            get
            {
                var handle = Handle;
                NativeError.Check(TensorNative.Dim(handle, out var rank), "shape");
                var sizes = new long[rank];
                fixed (long* p = sizes) NativeError.Check(TensorNative.Shape(handle, p, rank), "shape");
                return sizes;
            }
        }

        /// <summary>The number of dimensions.</summary>
        public long dim()
        {
            NativeError.Check(TensorNative.Dim(Handle, out var rank), "dim");
            return rank;
        }

        /// <summary>The number of dimensions (TorchSharp's property form of dim()).</summary>
        public long Dimensions => dim();

        /// <summary>The number of elements.</summary>
        public long numel()
        {
            NativeError.Check(TensorNative.Numel(Handle, out var count), "numel");
            return count;
        }

        /// <summary>The size of one dimension (negative counts from the end).</summary>
        public long size(int dim)
        {
            var sizes = shape;
            var d = dim < 0 ? dim + sizes.Length : dim;
            if (d < 0 || d >= sizes.Length)
                throw new ArgumentOutOfRangeException(nameof(dim), $"dimension {dim} is out of range for a {sizes.Length}-d tensor");
            return sizes[d];
        }

        /// <summary>The element type.</summary>
        public ScalarType dtype
        {
            get
            {
                NativeError.Check(TensorNative.DType(Handle, out var code), "dtype");
                return (ScalarType)code;
            }
        }

        /// <summary>The device the tensor's memory is on.</summary>
        public Device device
        {
            get
            {
                NativeError.Check(TensorNative.Device(Handle, out var type, out var index), "device");
                return new Device((DeviceType)type, type == (int)DeviceType.CPU ? -1 : index);
            }
        }

        /// <summary>The type of the device the tensor is on.</summary>
        public DeviceType device_type => device.type;

        /// <summary>"[2x3], type = Float32, device = cpu", as TorchSharp prints a tensor's summary.</summary>
        public override string ToString() => _handle.IsClosed
            ? "[disposed tensor]"
            : $"[{string.Join("x", shape)}], type = {dtype}, device = {device}";

        /// <summary>The values as another dtype (shares memory with this tensor when the dtype already matches, as in PyTorch).</summary>
        public Tensor to_type(ScalarType type) => To((int)type, -1, -1, "to_type");

        /// <summary>Same as to_type.</summary>
        public Tensor to(ScalarType type) => to_type(type);

        /// <summary>The values on another device (shared when already there); a NativeException names a missing device.</summary>
        public Tensor to(Device device) => To(-1, (int)device.type, device.index, "to");

        /// <summary>A copy with another dtype on another device.</summary>
        public Tensor to(ScalarType type, Device device) => To((int)type, (int)device.type, device.index, "to");

        /// <summary>A copy on the CPU.</summary>
        public Tensor cpu() => to(CPU);

        /// <summary>A copy on CUDA device <paramref name="index"/> (−1: the current one).</summary>
        public Tensor cuda(int index = -1) => to(new Device(DeviceType.CUDA, index));

        /// <summary>to_type(float32).</summary>
        public Tensor @float() => to_type(ScalarType.Float32);

        /// <summary>to_type(float64).</summary>
        public Tensor @double() => to_type(ScalarType.Float64);

        /// <summary>to_type(int32).</summary>
        public Tensor @int() => to_type(ScalarType.Int32);

        /// <summary>to_type(int64).</summary>
        public Tensor @long() => to_type(ScalarType.Int64);

        /// <summary>to_type(uint8).</summary>
        public Tensor @byte() => to_type(ScalarType.Byte);

        /// <summary>to_type(bool).</summary>
        public Tensor @bool() => to_type(ScalarType.Bool);

        private Tensor To(int dtype, int deviceType, int deviceIndex, string operation) =>
            Wrap(TensorNative.To(Handle, dtype, deviceType, deviceIndex, out var r), r, operation);
    }
}
