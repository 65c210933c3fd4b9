// The Gram matrix G = alpha * F * F^T of (N, C, M) feature maps, differentiable.
//
// Why it is here and not a C# matmul: Debian's libtorch sends CPU float matmuls to the reference (netlib)
// BLAS, single-threaded and unblocked, which runs the style loss's Gram products 4-25x slower than the
// oneDNN sgemm libtorch already loads for its convolutions; with it the Grams took about four fifths of a
// whole stylizer evaluation (bench/StyleBench, 256x144 and 512x218). So for float32 CPU features this
// uses oneDNN's sgemm, found at run time in the libdnnl libtorch loaded,
// inside an autograd node of its own (dF = alpha * (dG + dG^T) * F). Everything else (float64, CUDA, a
// libtorch with oneDNN linked in statically) is at::matmul, differentiated by autograd as usual.
#include <dlfcn.h>
#include <torch/csrc/autograd/custom_function.h>

#include "tensor.h"

namespace {

// oneDNN's row-major C = alpha * op(A) * op(B) + beta * C (dnnl_sgemm, C API of oneDNN 2.x and 3.x).
using Sgemm = int (*)(char transa, char transb, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
                      int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc);

// Only a libdnnl that is already loaded (by libtorch) is used: never a second copy with its own threads.
Sgemm onednn_sgemm() {
  static const Sgemm sgemm = []() -> Sgemm {
    for (const char* name : {"libdnnl.so.3", "libdnnl.so.2"}) {
      if (void* library = dlopen(name, RTLD_LAZY | RTLD_NOLOAD)) {
        if (void* symbol = dlsym(library, "dnnl_sgemm")) return reinterpret_cast<Sgemm>(symbol);
      }
    }
    return nullptr;
  }();
  return sgemm;
}

void check(int status, const char* what) {
  if (status != 0) throw std::runtime_error(std::string("oneDNN sgemm failed computing ") + what + " (status " +
                                            std::to_string(status) + ")");
}

// alpha * F F^T per sample; f is contiguous float32 (N, C, M).
at::Tensor gram_sgemm(const at::Tensor& f, double alpha) {
  const auto n = f.size(0), c = f.size(1), m = f.size(2);
  auto g = at::empty({n, c, c}, f.options());
  const auto* fp = f.data_ptr<float>();
  auto* gp = g.data_ptr<float>();
  for (int64_t i = 0; i < n; i++) {
    check(onednn_sgemm()('N', 'T', c, c, m, static_cast<float>(alpha), fp + i * c * m, m, fp + i * c * m, m, 0.0f,
                         gp + i * c * c, c),
          "a Gram matrix");
  }
  return g;
}

// alpha * S F per sample; s is contiguous float32 (N, C, C), f (N, C, M).
at::Tensor product_sgemm(const at::Tensor& s, const at::Tensor& f, double alpha) {
  const auto n = f.size(0), c = f.size(1), m = f.size(2);
  auto out = at::empty({n, c, m}, f.options());
  const auto* sp = s.data_ptr<float>();
  const auto* fp = f.data_ptr<float>();
  auto* op = out.data_ptr<float>();
  for (int64_t i = 0; i < n; i++) {
    check(onednn_sgemm()('N', 'N', c, m, c, static_cast<float>(alpha), sp + i * c * c, c, fp + i * c * m, m, 0.0f,
                         op + i * c * m, m),
          "a Gram matrix's gradient");
  }
  return out;
}

// Not twice differentiable: the backward's sgemm is invisible to autograd (the stylizer never needs it).
struct GramFunction : public torch::autograd::Function<GramFunction> {
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& f, double alpha) {
    ctx->save_for_backward({f});
    ctx->saved_data["alpha"] = alpha;
    return gram_sgemm(f, alpha);
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    const auto f = ctx->get_saved_variables()[0];
    const auto alpha = ctx->saved_data["alpha"].toDouble();
    const auto& dg = grads[0];
    // G is symmetric in F's two uses: dF = alpha * (dG + dG^T) * F.
    const auto s = (dg + dg.transpose(1, 2)).contiguous();
    return {product_sgemm(s, f, alpha), at::Tensor()};
  }
};

bool use_sgemm(const at::Tensor& f) {
  return f.device().is_cpu() && f.scalar_type() == at::kFloat && f.numel() > 0 && onednn_sgemm() != nullptr;
}

}  // namespace

// features (N, C, M) -> alpha * F F^T (N, C, C).
SF_API int sf_gram(const sf_tensor* features, double alpha, sf_tensor** out) {
  SF_TORCH_TRY
  const auto& f = sf::get(features, "features");
  if (f.dim() != 3) {
    throw std::invalid_argument("gram takes (N, C, M) features, got " + std::to_string(f.dim()) + " dimensions");
  }
  if (use_sgemm(f)) {
    *out = sf::wrap(GramFunction::apply(f.contiguous(), alpha));
  } else {
    *out = sf::wrap(at::matmul(f, f.transpose(1, 2)).mul(alpha));
  }
  SF_TORCH_CATCH
}

// 1 when float32 CPU Gram matrices use oneDNN's sgemm, 0 when they fall back to at::matmul.
SF_API int32_t sf_gram_uses_onednn() { return onednn_sgemm() != nullptr ? 1 : 0; }
