// Checks the tensor shim against a CUDA libtorch on a GPU machine (no .NET there): the same C ABI the
// C# binding calls, on cuda:0. Exit status 0 when every check passes. Built and run by cuda_smoke.sh.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

struct sf_tensor;
struct sf_scalar {
  double real;
  int64_t integer;
  int32_t kind;
};

extern "C" {
const char* sf_last_error();
int32_t sf_cuda_is_available();
int32_t sf_cuda_device_count();
int64_t sf_tensor_live_count();
void sf_tensor_free(sf_tensor*);
int sf_tensor_from_host(const void*, int64_t, int32_t, const int64_t*, int64_t, int32_t, int32_t, int32_t, sf_tensor**);
int sf_tensor_to_host(const sf_tensor*, void*, int64_t, int32_t);
int sf_tensor_device(const sf_tensor*, int32_t*, int32_t*);
int sf_factory(int32_t, const int64_t*, int64_t, int32_t, int32_t, int32_t, int32_t, sf_tensor**);
int sf_conv2d(const sf_tensor*, const sf_tensor*, const sf_tensor*, const int64_t*, const int64_t*, const int64_t*,
              int64_t, sf_tensor**);
int sf_reduce_all(int32_t, const sf_tensor*, sf_tensor**);
int sf_backward(const sf_tensor*, const sf_tensor*, int32_t, int32_t);
int sf_grad(const sf_tensor*, sf_tensor**);
int sf_product(int32_t, const sf_tensor*, const sf_tensor*, sf_tensor**);
int sf_grid_sample(const sf_tensor*, const sf_tensor*, int32_t, int32_t, int32_t, sf_tensor**);
int sf_to(const sf_tensor*, int32_t, int32_t, int32_t, sf_tensor**);
int sf_manual_seed(int64_t);
int sf_instance_norm(const sf_tensor*, const sf_tensor*, const sf_tensor*, const sf_tensor*, const sf_tensor*, int32_t,
                     double, double, sf_tensor**);
int sf_upsample2d(const sf_tensor*, int32_t, int64_t, int64_t, int32_t, double, double, sf_tensor**);
int sf_pad(const sf_tensor*, const int64_t*, int64_t, int32_t, double, sf_tensor**);
}

namespace {
constexpr int32_t kFloat = 6, kCuda = 1;
int failures = 0;

void check(bool ok, const std::string& what) {
  std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
  if (!ok) ++failures;
}

sf_tensor* must(int status, sf_tensor* t, const char* what) {
  if (status != 0) {
    std::printf("FAIL %s: %s\n", what, sf_last_error());
    ++failures;
    return nullptr;
  }
  return t;
}

std::vector<float> host(const sf_tensor* t, int64_t n) {
  std::vector<float> v(static_cast<size_t>(n));
  if (sf_tensor_to_host(t, v.data(), n, kFloat) != 0) {
    std::printf("FAIL to_host: %s\n", sf_last_error());
    ++failures;
  }
  return v;
}

sf_tensor* on_cuda(const std::vector<float>& v, std::vector<int64_t> shape, bool grad = false) {
  sf_tensor* t = nullptr;
  return must(sf_tensor_from_host(v.data(), static_cast<int64_t>(v.size()), kFloat, shape.data(),
                                  static_cast<int64_t>(shape.size()), kCuda, 0, grad ? 1 : 0, &t),
              t, "from_host on cuda:0");
}
}  // namespace

int main() {
  check(sf_cuda_is_available() == 1, "torch.cuda.is_available()");
  check(sf_cuda_device_count() >= 1, "cuda device count " + std::to_string(sf_cuda_device_count()));
  {
    sf_tensor* x = on_cuda({1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 1, 3, 3}, true);
    sf_tensor* w = on_cuda({1, 2, 3, 4}, {1, 1, 2, 2});
    if (!x || !w) return 1;
    int32_t type = -1, index = -1;
    sf_tensor_device(x, &type, &index);
    check(type == kCuda && index == 0, "tensor lives on cuda:0");

    const int64_t one[2] = {1, 1}, zero[2] = {0, 0};
    sf_tensor *y = nullptr, *loss = nullptr, *g = nullptr;
    y = must(sf_conv2d(x, w, nullptr, one, zero, one, 1, &y), y, "conv2d");
    check(host(y, 4) == std::vector<float>({37, 47, 67, 77}), "conv2d 3x3 * 2x2 on cuda");
    loss = must(sf_reduce_all(0, y, &loss), loss, "sum");
    must(sf_backward(loss, nullptr, 0, 0), nullptr, "backward");
    g = must(sf_grad(x, &g), g, "grad");
    check(g && host(g, 9) == std::vector<float>({1, 3, 2, 4, 10, 6, 3, 7, 4}), "conv2d input gradient on cuda");

    // Identity grid (align_corners) reproduces the input on the GPU.
    sf_tensor* grid = on_cuda({-1, -1, 0, -1, 1, -1, -1, 0, 0, 0, 1, 0, -1, 1, 0, 1, 1, 1}, {1, 3, 3, 2});
    sf_tensor* sampled = nullptr;
    sampled = must(sf_grid_sample(x, grid, 0, 0, 1, &sampled), sampled, "grid_sample");
    check(sampled && host(sampled, 9) == std::vector<float>({1, 2, 3, 4, 5, 6, 7, 8, 9}), "grid_sample identity on cuda");

    sf_tensor *norm = nullptr, *up = nullptr, *padded = nullptr;
    norm = must(sf_instance_norm(x, nullptr, nullptr, nullptr, nullptr, 1, 0.1, 1e-5, &norm), norm, "instance_norm");
    up = must(sf_upsample2d(x, 1, 6, 6, 0, 2.0, 2.0, &up), up, "upsample bilinear");
    const int64_t pads[4] = {1, 1, 1, 1};
    padded = must(sf_pad(x, pads, 4, 1, 0, &padded), padded, "reflection_pad2d");
    check(padded && host(padded, 25)[0] == 5.0f, "reflection pad on cuda");

    // A libtorch error on the GPU comes back as a status and a clean message.
    sf_tensor *a = on_cuda({1, 2, 3, 4, 5, 6}, {2, 3}), *bad = nullptr;
    const int status = sf_product(0, a, a, &bad);
    const std::string message = status ? sf_last_error() : "";
    check(status == 1 && message.find("mat1 and mat2 shapes cannot be multiplied") != std::string::npos &&
              message.find("Exception raised from") == std::string::npos,
          "mm shape error message: " + message);

    // Back to the CPU.
    sf_tensor* cpu = nullptr;
    cpu = must(sf_to(y, -1, 0, -1, &cpu), cpu, "to cpu");
    sf_tensor_device(cpu, &type, &index);
    check(type == 0, "to(cpu)");

    for (auto* t : {x, w, y, loss, g, grid, sampled, norm, up, padded, a, cpu}) sf_tensor_free(t);
  }
  {
    const int64_t shape[1] = {8};
    sf_tensor *r1 = nullptr, *r2 = nullptr;
    sf_manual_seed(42);
    r1 = must(sf_factory(3, shape, 1, kFloat, kCuda, 0, 0, &r1), r1, "randn on cuda");
    sf_manual_seed(42);
    r2 = must(sf_factory(3, shape, 1, kFloat, kCuda, 0, 0, &r2), r2, "randn on cuda");
    check(r1 && r2 && host(r1, 8) == host(r2, 8), "manual_seed makes cuda randn repeatable");
    sf_tensor_free(r1);
    sf_tensor_free(r2);
  }
  check(sf_tensor_live_count() == 0, "every handle freed (live count " + std::to_string(sf_tensor_live_count()) + ")");
  std::printf("%s: %d failure(s)\n", failures ? "FAILED" : "PASSED", failures);
  return failures ? 1 : 0;
}
