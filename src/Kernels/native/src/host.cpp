// Host memory in and out: copies, never views of C# memory (the GC may move or free it).
#include <cstring>

#include "tensor.h"

namespace {
std::string shape_text(at::IntArrayRef sizes) {
  std::string text = "[";
  for (size_t i = 0; i < sizes.size(); ++i) text += (i ? ", " : "") + std::to_string(sizes[i]);
  return text + "]";
}
}  // namespace

// A new tensor with a copy of count elements of dtype at data, shaped as shape, on the device.
SF_API int sf_tensor_from_host(const void* data, int64_t count, int32_t dtype_code, const int64_t* shape,
                               int64_t ndim, int32_t device_type, int32_t device_index, int32_t requires_grad,
                               sf_tensor** out) {
  SF_TORCH_TRY
  const auto dtype = sf::dtype(dtype_code);
  const auto sizes = sf::ints(shape, ndim);
  int64_t expected = 1;
  for (auto s : sizes) {
    if (s < 0) throw std::invalid_argument("shape " + shape_text(sizes) + " has a negative size");
    expected *= s;
  }
  if (expected != count)
    throw std::invalid_argument("shape " + shape_text(sizes) + " needs " + std::to_string(expected) +
                                " elements, the host data has " + std::to_string(count));
  auto host = at::empty(sizes, at::TensorOptions().dtype(dtype));
  if (count > 0) std::memcpy(host.data_ptr(), data, static_cast<size_t>(count) * host.element_size());
  auto result = host.to(sf::device(device_type, device_index));
  if (requires_grad) result.requires_grad_(true);
  *out = sf::wrap(std::move(result));
  SF_TORCH_CATCH
}

// Copies the tensor's elements, in row-major order, into count elements of dtype at data.
SF_API int sf_tensor_to_host(const sf_tensor* self, void* data, int64_t count, int32_t dtype_code) {
  SF_TORCH_TRY
  const auto& t = sf::get(self);
  const auto dtype = sf::dtype(dtype_code);
  if (t.scalar_type() != dtype)
    throw std::invalid_argument(std::string("the tensor's dtype is ") + c10::toString(t.scalar_type()) +
                                ", the host buffer's is " + c10::toString(dtype) + "; convert it with to_type first");
  if (t.numel() != count)
    throw std::invalid_argument("the tensor has " + std::to_string(t.numel()) + " elements, the host buffer " +
                                std::to_string(count));
  auto host = t.detach().to(at::kCPU).contiguous();
  if (count > 0) std::memcpy(data, host.data_ptr(), static_cast<size_t>(count) * host.element_size());
  SF_TORCH_CATCH
}
