// Handle lifetime and the conversions every entry point shares.
#include <atomic>
#include <stdexcept>
#include <string>
#include <torch/cuda.h>

#include "tensor.h"

namespace {
std::atomic<int64_t> live_handles{0};
}

namespace sf {

sf_tensor* wrap(at::Tensor t) {
  auto* handle = new sf_tensor{std::move(t)};
  live_handles.fetch_add(1, std::memory_order_relaxed);
  return handle;
}

void release(sf_tensor* handle) {
  if (handle == nullptr) return;
  delete handle;
  live_handles.fetch_sub(1, std::memory_order_relaxed);
}

int64_t live_count() { return live_handles.load(std::memory_order_relaxed); }

const at::Tensor& get(const sf_tensor* handle, const char* what) {
  if (handle == nullptr) throw std::invalid_argument(std::string("the ") + what + " handle is null");
  return handle->t;
}

at::Tensor get_optional(const sf_tensor* handle) { return handle == nullptr ? at::Tensor() : handle->t; }

at::Scalar scalar(const sf_scalar& s) {
  switch (s.kind) {
    case 0: return at::Scalar(s.real);
    case 1: return at::Scalar(s.integer);
    case 2: return at::Scalar(s.integer != 0);
    default: throw std::invalid_argument("scalar kind " + std::to_string(s.kind) + " is not a value");
  }
}

at::ScalarType dtype(int32_t code) {
  switch (code) {
    case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7: case 11: case 15:
      return static_cast<at::ScalarType>(code);
    default:
      throw std::invalid_argument("dtype code " + std::to_string(code) + " is not supported by this binding");
  }
}

at::Device device(int32_t type, int32_t index) {
  if (type == 0) {
    if (index > 0) throw std::invalid_argument("cpu has no device index " + std::to_string(index));
    return at::Device(at::kCPU);
  }
  if (type == 1) {
    if (!at::hasCUDA())
      throw std::invalid_argument("device cuda:" + std::to_string(index < 0 ? 0 : index) +
                                  " was requested, but this libtorch was built without CUDA "
                                  "(torch.cuda.is_available() is false); use the cpu device");
    const auto count = static_cast<int64_t>(torch::cuda::device_count());
    if (index >= count)
      throw std::invalid_argument("device cuda:" + std::to_string(index) + " does not exist: " +
                                  std::to_string(count) + " CUDA device(s) are visible");
    return index < 0 ? at::Device(at::kCUDA) : at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(index));
  }
  throw std::invalid_argument("device type " + std::to_string(type) + " is not supported (0 = cpu, 1 = cuda)");
}

at::TensorOptions options(int32_t dtype_code, int32_t device_type, int32_t device_index) {
  auto opts = at::TensorOptions().device(device(device_type, device_index));
  if (dtype_code >= 0) opts = opts.dtype(dtype(dtype_code));
  return opts;
}

}  // namespace sf

// Frees a handle; the tensor's memory goes when no other handle or graph node references it.
SF_API void sf_tensor_free(sf_tensor* handle) { sf::release(handle); }

// How many handles exist now (made and not freed).
SF_API int64_t sf_tensor_live_count() { return sf::live_count(); }

