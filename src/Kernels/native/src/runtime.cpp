// Process-wide settings: devices present, CPU threads, and the random seed.
#include <ATen/Parallel.h>
#include <torch/cuda.h>

#include "tensor.h"

SF_API int32_t sf_cuda_is_available() { return at::hasCUDA() && torch::cuda::device_count() > 0 ? 1 : 0; }

SF_API int32_t sf_cuda_device_count() { return at::hasCUDA() ? static_cast<int32_t>(torch::cuda::device_count()) : 0; }

SF_API int sf_set_num_threads(int32_t threads) {
  SF_TORCH_TRY
  if (threads <= 0) throw std::invalid_argument("thread count must be positive, got " + std::to_string(threads));
  at::set_num_threads(threads);
  SF_TORCH_CATCH
}

SF_API int32_t sf_get_num_threads() { return at::get_num_threads(); }

// Seeds the CPU generator and every CUDA one, as torch.manual_seed does.
SF_API int sf_manual_seed(int64_t seed) {
  SF_TORCH_TRY
  at::manual_seed(static_cast<uint64_t>(seed));
  SF_TORCH_CATCH
}
