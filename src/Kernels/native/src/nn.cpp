// torch.nn.functional: the layers of VGG and the transformer network, resampling and warping.
// Sizes come as pairs (h, w) from C#, which expands single values.
#include "tensor.h"

SF_API int sf_conv2d(const sf_tensor* input, const sf_tensor* weight, const sf_tensor* bias, const int64_t* stride,
                     const int64_t* padding, const int64_t* dilation, int64_t groups, sf_tensor** out) {
  SF_TORCH_TRY
  *out = sf::wrap(at::conv2d(sf::get(input, "input"), sf::get(weight, "weight"), sf::get_optional(bias),
                             sf::ints(stride, 2), sf::ints(padding, 2), sf::ints(dilation, 2), groups));
  SF_TORCH_CATCH
}

SF_API int sf_max_pool2d(const sf_tensor* input, const int64_t* kernel, const int64_t* stride,
                         const int64_t* padding, const int64_t* dilation, int32_t ceil_mode, sf_tensor** out) {
  SF_TORCH_TRY
  *out = sf::wrap(at::max_pool2d(sf::get(input, "input"), sf::ints(kernel, 2), sf::ints(stride, 2),
                                 sf::ints(padding, 2), sf::ints(dilation, 2), ceil_mode != 0));
  SF_TORCH_CATCH
}

// divisor_override 0 means none (divide by the window size).
SF_API int sf_avg_pool2d(const sf_tensor* input, const int64_t* kernel, const int64_t* stride,
                         const int64_t* padding, int32_t ceil_mode, int32_t count_include_pad,
                         int64_t divisor_override, sf_tensor** out) {
  SF_TORCH_TRY
  const auto& x = sf::get(input, "input");
  if (divisor_override != 0) {
    *out = sf::wrap(at::avg_pool2d(x, sf::ints(kernel, 2), sf::ints(stride, 2), sf::ints(padding, 2),
                                   ceil_mode != 0, count_include_pad != 0, divisor_override));
  } else {
    *out = sf::wrap(at::avg_pool2d(x, sf::ints(kernel, 2), sf::ints(stride, 2), sf::ints(padding, 2),
                                   ceil_mode != 0, count_include_pad != 0));
  }
  SF_TORCH_CATCH
}

SF_API int sf_instance_norm(const sf_tensor* input, const sf_tensor* running_mean, const sf_tensor* running_var,
                            const sf_tensor* weight, const sf_tensor* bias, int32_t use_input_stats,
                            double momentum, double eps, sf_tensor** out) {
  SF_TORCH_TRY
  *out = sf::wrap(at::instance_norm(sf::get(input, "input"), sf::get_optional(weight), sf::get_optional(bias),
                                    sf::get_optional(running_mean), sf::get_optional(running_var),
                                    use_input_stats != 0, momentum, eps, at::globalContext().userEnabledCuDNN()));
  SF_TORCH_CATCH
}

// mode 0 nearest, 1 bilinear. scale_h/scale_w > 0 are the user's scale factors (they set how output
// pixels map back to input pixels, as in F.interpolate); ≤ 0 means the size alone decides.
SF_API int sf_upsample2d(const sf_tensor* input, int32_t mode, int64_t out_h, int64_t out_w, int32_t align_corners,
                         double scale_h, double scale_w, sf_tensor** out) {
  SF_TORCH_TRY
  const auto& x = sf::get(input, "input");
  const int64_t size[2] = {out_h, out_w};
  const auto s = sf::ints(size, 2);
  const bool scaled = scale_h > 0 && scale_w > 0;
  if (mode == 0) {
    *out = sf::wrap(scaled ? at::upsample_nearest2d(x, s, scale_h, scale_w) : at::upsample_nearest2d(x, s));
  } else if (mode == 1) {
    *out = sf::wrap(scaled ? at::upsample_bilinear2d(x, s, align_corners != 0, scale_h, scale_w)
                           : at::upsample_bilinear2d(x, s, align_corners != 0));
  } else {
    throw std::invalid_argument("interpolation mode " + std::to_string(mode) + " is unknown");
  }
  SF_TORCH_CATCH
}

// mode 0 constant (any even number of pads), 1 reflect, 2 replicate (4 pads: left, right, top, bottom).
SF_API int sf_pad(const sf_tensor* input, const int64_t* pads, int64_t npads, int32_t mode, double value,
                  sf_tensor** out) {
  SF_TORCH_TRY
  const auto& x = sf::get(input, "input");
  const auto p = sf::ints(pads, npads);
  switch (mode) {
    case 0: *out = sf::wrap(at::constant_pad_nd(x, p, value)); break;
    case 1: *out = sf::wrap(at::reflection_pad2d(x, p)); break;
    case 2: *out = sf::wrap(at::replication_pad2d(x, p)); break;
    default: throw std::invalid_argument("padding mode " + std::to_string(mode) + " is unknown");
  }
  SF_TORCH_CATCH
}

// interpolation 0 bilinear, 1 nearest; padding 0 zeros, 1 border, 2 reflection (ATen's numbering).
SF_API int sf_grid_sample(const sf_tensor* input, const sf_tensor* grid, int32_t interpolation, int32_t padding,
                          int32_t align_corners, sf_tensor** out) {
  SF_TORCH_TRY
  *out = sf::wrap(at::grid_sampler(sf::get(input, "input"), sf::get(grid, "grid"), interpolation, padding,
                                   align_corners != 0));
  SF_TORCH_CATCH
}

// reduction 0 none, 1 mean, 2 sum (at::Reduction's numbering).
SF_API int sf_mse_loss(const sf_tensor* input, const sf_tensor* target, int32_t reduction, sf_tensor** out) {
  SF_TORCH_TRY
  *out = sf::wrap(at::mse_loss(sf::get(input, "input"), sf::get(target, "target"), reduction));
  SF_TORCH_CATCH
}
