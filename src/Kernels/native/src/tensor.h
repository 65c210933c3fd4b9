// The tensor handle shared by every shim file: an opaque, heap-allocated at::Tensor that C# owns
// through a SafeHandle, plus the small conversions (scalars, dtypes, devices) the entry points share.
// Only APIs present in both libtorch 1.13 and PyTorch 2.x's libtorch are used here.
#pragma once
#include <ATen/ATen.h>

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "common.h"

// SF_TRY/SF_CATCH for libtorch calls: a c10::Error's what() carries a C++ stack trace after the message;
// C# gets the message alone (what Python shows), rethrown into SF_CATCH's plain std::exception path.
#define SF_TORCH_TRY SF_TRY try {
#define SF_TORCH_CATCH                                   \
  }                                                      \
  catch (const c10::Error& e) {                          \
    throw std::runtime_error(e.what_without_backtrace()); \
  }                                                      \
  SF_CATCH

// What C# holds: one at::Tensor (a reference to a TensorImpl, like any Python tensor object).
struct sf_tensor {
  at::Tensor t;
};

// A scalar operand as C# passes it by value: kind 0 = floating, 1 = integral, 2 = bool, -1 = none.
struct sf_scalar {
  double real;
  int64_t integer;
  int32_t kind;
};

namespace sf {

// Moves a tensor into a new handle for C# and counts it as live.
sf_tensor* wrap(at::Tensor t);

// Frees a handle made by wrap; null is allowed.
void release(sf_tensor* handle);

// The number of handles made by wrap and not yet released (tests prove scopes free intermediates).
int64_t live_count();

// The tensor behind a handle the caller must provide; a null one is a C# bug, reported, not a crash.
const at::Tensor& get(const sf_tensor* handle, const char* what = "tensor");

// The tensor behind an optional handle, or an undefined tensor (which ATen treats as "none").
at::Tensor get_optional(const sf_tensor* handle);

// A C# scalar as an at::Scalar; the kind must not be "none".
at::Scalar scalar(const sf_scalar& s);

// A validated dtype code (c10::ScalarType's numbering; TorchSharp's ScalarType uses the same).
at::ScalarType dtype(int32_t code);

// A validated device; asking for CUDA from a libtorch without it is a clear error, not a crash.
at::Device device(int32_t type, int32_t index);

// Tensor options from the creation arguments C# passes (dtype -1 keeps ATen's default).
at::TensorOptions options(int32_t dtype_code, int32_t device_type, int32_t device_index);

// An int64 array from C# as an IntArrayRef over its memory (valid for the call).
inline at::IntArrayRef ints(const int64_t* values, int64_t count) {
  return at::IntArrayRef(values, static_cast<size_t>(count));
}

}  // namespace sf
