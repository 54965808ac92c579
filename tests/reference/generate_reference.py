#!/usr/bin/python3
"""Generate the PyTorch reference values that tests/Attention.Tests/PyTorchReference*Tests.cs compare against.

How to run (from the repository root):

    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y python3-torch libopenblas0-pthread   # PyTorch 1.13
    /usr/bin/python3 tests/reference/generate_reference.py

Use Debian's system interpreter /usr/bin/python3: python3-torch belongs to it (a pyenv `python3` on PATH
has no torch). The script is deterministic (fixed seeds, single thread) and rewrites
tests/Attention.Tests/Reference/*.json.

Conventions of every file:
- inputs (and exported weights) are generated as float32, rounded to 4 decimals, and written with the
  shortest decimal that reads back as exactly the same float32;
- expected values are computed in float64 from exactly those float32 inputs and rounded to 9 significant
  digits (a relative error of 5e-10, far below any float32 tolerance);
- NaN and infinities are written as the strings "NaN", "Infinity", "-Infinity" (JSON has no literal for
  them; System.Text.Json reads them with JsonNumberHandling.AllowNamedFloatingPointLiterals);
- tensors are nested lists, row-major, one innermost row per line;
- masks use OUR convention: 1 = may attend, 0 = blocked. PyTorch's boolean attn_mask / key_padding_mask
  use the opposite (True = NOT allowed); the files that feed torch such masks store them too, under
  torch_* names, so the conversion is visible and tested;
- weight matrices are stored in OUR layout (in, out), y = x·W + b, i.e. TRANSPOSED from torch's
  nn.Linear.weight (out, in);
- each case also records torch_float32_max_abs_error: how far the same torch computation run in float32
  lands from the float64 reference. It is the evidence for the tolerances in tests/reference/README.md.
"""

import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Attention.Tests", "Reference")
SCRIPT = "tests/reference/generate_reference.py"


# ----------------------------------------------------------------------------------------------------
# JSON writing: compact but readable, exact float32 inputs, 9 significant digits for float64 results.
# ----------------------------------------------------------------------------------------------------

class Input:
    """A float32 tensor written exactly (shortest round-trip decimal)."""

    def __init__(self, tensor):
        self.tensor = tensor.detach().to(torch.float32)


class Expected:
    """A float64 tensor written with 9 significant digits."""

    def __init__(self, tensor):
        self.tensor = tensor.detach().to(torch.float64)


class MaskData:
    """A boolean tensor written as 0/1."""

    def __init__(self, tensor):
        self.tensor = tensor.detach().to(torch.bool)


def fmt_special(v):
    if math.isnan(v):
        return '"NaN"'
    if math.isinf(v):
        return '"Infinity"' if v > 0 else '"-Infinity"'
    return None


def fmt_f32(v):
    v = np.float32(v)
    special = fmt_special(float(v))
    if special:
        return special
    s = np.format_float_positional(v, unique=True, trim="-")
    if len(s) > 12:
        s = np.format_float_scientific(v, unique=True, trim="-")
    assert np.float32(float(s)) == v
    return s


def fmt_f64(v):
    v = float(v)
    special = fmt_special(v)
    if special:
        return special
    s = "%.9g" % v
    if "e" in s:
        mantissa, exponent = s.split("e")
        s = mantissa + "e" + str(int(exponent))
    return s


def fmt_scalar(v):
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return fmt_f64(v)
    raise TypeError(type(v))


def tensor_lines(nested, fmt, indent):
    """Nested list -> JSON text with one innermost row per line."""
    if not isinstance(nested, list):
        return fmt(nested)
    if not nested or not isinstance(nested[0], list):
        return "[" + ", ".join(fmt(x) for x in nested) + "]"
    pad = " " * (indent + 2)
    inner = (",\n").join(pad + tensor_lines(row, fmt, indent + 2) for row in nested)
    return "[\n" + inner + "\n" + " " * indent + "]"


def dump(value, indent=0):
    pad = " " * indent
    if isinstance(value, Input):
        return tensor_lines(value.tensor.tolist(), fmt_f32, indent)
    if isinstance(value, Expected):
        return tensor_lines(value.tensor.tolist(), fmt_f64, indent)
    if isinstance(value, MaskData):
        return tensor_lines(value.tensor.to(torch.int64).tolist(), str, indent)
    if isinstance(value, dict):
        items = [pad + "  " + json.dumps(k) + ": " + dump(v, indent + 2) for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list, Input, Expected, MaskData)) for v in value):
            return "[" + ", ".join(fmt_scalar(v) for v in value) + "]"
        items = [pad + "  " + dump(v, indent + 2) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return fmt_scalar(value)


def write_file(name, op, formula, notes, cases):
    document = {
        "generator": SCRIPT,
        "torch_version": torch.__version__,
        "op": op,
        "input_dtype": "float32 (written exactly)",
        "reference_dtype": "float64 (written with 9 significant digits)",
        "formula": formula,
        "notes": notes,
        "cases": cases,
    }
    path = os.path.join(OUT_DIR, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(dump(document) + "\n")
    print(f"wrote {os.path.relpath(path)} ({os.path.getsize(path)} bytes, {len(cases)} cases)")


# ----------------------------------------------------------------------------------------------------
# Inputs
# ----------------------------------------------------------------------------------------------------

def rand_input(seed, *shape, std=1.0, mean=0.0):
    """Seeded float32 normal values rounded to 4 decimals (so they print short and read back exactly)."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(*shape, generator=g, dtype=torch.float64) * std + mean
    return torch.round(x * 1e4).div(1e4).to(torch.float32)


def max_abs_error(approx, exact):
    """Largest |approx - exact| over entries where exact is finite (NaN/inf entries compared for identity)."""
    approx = approx.detach().to(torch.float64)
    exact = exact.detach().to(torch.float64)
    finite = torch.isfinite(exact)
    if not bool(finite.any()):
        return 0.0
    return float((approx[finite] - exact[finite]).abs().max())


def float32_errors(compute, inputs):
    """Runs compute in float64 and float32; returns (float64 results, {name: float32 max abs error})."""
    exact = compute({k: v.to(torch.float64) if torch.is_tensor(v) and v.is_floating_point() else v
                     for k, v in inputs.items()}, torch.float64)
    approx = compute({k: v.to(torch.float32) if torch.is_tensor(v) and v.is_floating_point() else v
                      for k, v in inputs.items()}, torch.float32)
    errors = {k: max_abs_error(approx[k], exact[k]) for k in exact}
    return exact, errors


# ----------------------------------------------------------------------------------------------------
# 1. softmax and log_softmax
# ----------------------------------------------------------------------------------------------------

def softmax_cases():
    specs = []
    specs.append(("random_3x5", "randn logits", rand_input(101, 3, 5), 1.0))
    specs.append(("random_4x7_std3", "randn logits times 3", rand_input(102, 4, 7, std=3.0), 1.0))
    specs.append(("single_column", "one key per row: every weight is 1",
                  rand_input(103, 4, 1), 1.0))
    specs.append(("equal_logits_give_uniform", "identical logits in each row",
                  torch.tensor([[2.5] * 6, [-1.0] * 6, [0.0] * 6], dtype=torch.float32), 1.0))
    specs.append(("logits_pm_1e4", "logits of +-1e4: exp overflows without max subtraction",
                  torch.tensor([[1e4, -1e4, 0.0, 9999.0, 1e4],
                                [-1e4, -1e4, -9999.5, -1e4, -1e4],
                                [1e4, 1e4, 1e4, 1e4, 1e4]], dtype=torch.float32), 1.0))
    specs.append(("logits_near_float_exp_overflow", "logits around 89..100 (exp overflows float32)",
                  torch.tensor([[89.0, 90.5, 100.0, 88.25],
                                [100.0, 99.0, 98.0, 97.0]], dtype=torch.float32), 1.0))
    specs.append(("negative_infinity_entries_act_as_masked", "some logits are -inf (not a whole row)",
                  torch.tensor([[0.5, float("-inf"), 1.5, -0.25],
                                [float("-inf"), float("-inf"), 3.0, float("-inf")]], dtype=torch.float32), 1.0))
    specs.append(("temperature_0.5_sharpens", "softmax(logits / 0.5)", rand_input(104, 3, 6), 0.5))
    specs.append(("temperature_2_flattens", "softmax(logits / 2)", rand_input(105, 3, 6), 2.0))
    specs.append(("temperature_0.1_nearly_argmax", "softmax(logits / 0.1)", rand_input(106, 2, 9, std=2.0), 0.1))
    specs.append(("temperature_3_with_logits_near_300", "softmax(logits / 3) for logits near 300: "
                  "logits/3 near 100 overflow float32 exp without max subtraction",
                  rand_input(107, 3, 5, std=3.0, mean=300.0), 3.0))

    cases = []
    for name, description, scores, temperature in specs:
        def compute(inp, dtype, temperature=temperature):
            logits = inp["scores"] / temperature
            return {"softmax": torch.softmax(logits, dim=-1), "log_softmax": torch.log_softmax(logits, dim=-1)}

        exact, errors = float32_errors(compute, {"scores": scores})
        cases.append({
            "name": name,
            "description": description,
            "temperature": float(temperature),
            "scores": Input(scores),
            "softmax": Expected(exact["softmax"]),
            "log_softmax": Expected(exact["log_softmax"]),
            "torch_float32_max_abs_error": {k: errors[k] for k in exact},
        })

    # A row with every logit -inf: torch gives NaN; our convention is all-zero weights.
    scores = torch.tensor([[1.0, 2.0, 3.0], [float("-inf")] * 3, [0.0, float("-inf"), 0.0]], dtype=torch.float32)
    torch_softmax = torch.softmax(scores.double(), dim=-1)
    convention = torch.nan_to_num(torch_softmax, nan=0.0)
    assert torch.isnan(torch_softmax[1]).all()
    cases.append({
        "name": "all_negative_infinity_row",
        "description": "row 1 is all -inf: torch 1.13 returns NaN; our documented convention is all-zero weights "
                       "(a query that may attend to nothing gets zero weights). log_softmax is not defined there and "
                       "is omitted.",
        "temperature": 1.0,
        "scores": Input(scores),
        "softmax": Expected(convention),
        "torch_softmax": Expected(torch_softmax),
        "torch_float32_max_abs_error": {"softmax": max_abs_error(torch.softmax(scores, -1), torch_softmax)},
    })
    write_file("softmax.json", "softmax and log_softmax, row-wise over the last axis",
               "softmax(x)_j = exp(x_j/temperature - m) / sum_k exp(x_k/temperature - m), m = max_k x_k/temperature; "
               "log_softmax(x)_j = x_j - m - log(sum_k exp(x_k - m)) (temperature 1)",
               "torch.softmax / torch.log_softmax on float64 copies of the float32 scores, divided by temperature "
               "first. Test log_softmax only where temperature is 1 (Ops.LogSoftmax has no temperature).",
               cases)


# ----------------------------------------------------------------------------------------------------
# 2. scaled dot-product attention, written out explicitly
# ----------------------------------------------------------------------------------------------------

def causal_allowed(t, s):
    """Our rectangular causal mask: the T queries are the last T of S positions, so query t sees keys 0..S-T+t."""
    return torch.ones(t, s, dtype=torch.bool).tril(diagonal=s - t)


def padding_allowed(t, s, valid):
    allowed = torch.zeros(t, s, dtype=torch.bool)
    allowed[:, :valid] = True
    return allowed


def explicit_attention(queries, keys, values, allowed, scale, bias):
    """softmax(Q·Kᵀ·scale + bias + mask)·V, mask = 0 where allowed and -inf where blocked."""
    scores = queries @ keys.transpose(-2, -1) * scale  # (T,Dk) x (Dk,S) -> (T,S)
    if bias is not None:
        scores = scores + bias
    if allowed is not None:
        scores = scores.masked_fill(~allowed, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return scores, weights, weights @ values  # (T,S) x (S,Dv) -> (T,Dv)


def attention_cases():
    specs = [
        # name, description, T, S, Dk, Dv, mask kind, allowed, scale, bias?
        ("no_mask_rectangular", "no mask, T=5 queries, S=7 keys, Dk=4, Dv=3", 5, 7, 4, 3, "none", None, None, False),
        ("no_mask_square", "no mask, T=S=6, Dk=Dv=8", 6, 6, 8, 8, "none", None, None, False),
        ("causal", "causal mask, T=S=5, Dk=4, Dv=6", 5, 5, 4, 6, "causal", causal_allowed(5, 5), None, False),
        ("padding", "padding mask: 5 of S=7 keys are real, T=4", 4, 7, 5, 5, "padding:5",
         padding_allowed(4, 7, 5), None, False),
        ("rectangular_causal", "rectangular causal: T=3 queries are the last 3 of S=7 positions "
         "(query t sees keys 0..S-T+t)", 3, 7, 4, 4, "causal", causal_allowed(3, 7), None, False),
        ("custom_scale", "scale 0.3 instead of 1/sqrt(Dk)", 4, 6, 5, 3, "none", None, 0.3, False),
        ("additive_bias", "additive (T,S) bias added to the scaled scores, no mask", 4, 5, 3, 4, "none", None,
         None, True),
        ("bias_and_causal", "additive bias plus a causal mask", 5, 5, 4, 2, "causal", causal_allowed(5, 5), None,
         True),
        ("large_scores_need_max_subtraction", "queries times 40: scores in the hundreds (exp overflows float32)",
         4, 6, 4, 3, "none", None, None, False),
        ("custom_mask", "an irregular mask pattern with at least one allowed key per row", 4, 5, 3, 3, "custom",
         torch.tensor([[1, 0, 1, 0, 0], [0, 1, 1, 1, 0], [1, 1, 1, 1, 1], [0, 0, 0, 0, 1]], dtype=torch.bool),
         None, False),
    ]
    cases = []
    for i, (name, description, t, s, dk, dv, kind, allowed, scale, has_bias) in enumerate(specs):
        seed = 200 + 10 * i
        queries = rand_input(seed, t, dk, std=40.0 if name.startswith("large") else 1.0)
        keys = rand_input(seed + 1, s, dk)
        values = rand_input(seed + 2, s, dv)
        bias = rand_input(seed + 3, t, s) if has_bias else None
        used_scale = scale if scale is not None else 1.0 / math.sqrt(dk)

        def compute(inp, dtype, allowed=allowed, used_scale=used_scale):
            scores, weights, output = explicit_attention(inp["queries"], inp["keys"], inp["values"], allowed,
                                                         used_scale, inp.get("bias"))
            return {"scores": scores, "weights": weights, "output": output}

        inputs = {"queries": queries, "keys": keys, "values": values}
        if bias is not None:
            inputs["bias"] = bias
        exact, errors = float32_errors(compute, inputs)
        case = {"name": name, "description": description, "mask_kind": kind,
                "scale": None if scale is None else float(np.float32(scale)),
                "queries": Input(queries), "keys": Input(keys), "values": Input(values)}
        if bias is not None:
            case["bias"] = Input(bias)
        if allowed is not None:
            case["mask"] = MaskData(allowed)
        case.update({"scores": Expected(exact["scores"]), "weights": Expected(exact["weights"]),
                     "output": Expected(exact["output"]), "torch_float32_max_abs_error": errors})
        cases.append(case)

    # Fully masked rows: torch 1.13 gives NaN weights and output there; our convention is zeros.
    t, s, dk, dv = 4, 5, 4, 3
    queries, keys, values = rand_input(300, t, dk), rand_input(301, s, dk), rand_input(302, s, dv)
    allowed = torch.tensor([[1, 1, 0, 0, 0], [0, 0, 0, 0, 0], [1, 1, 1, 1, 0], [0, 0, 0, 0, 0]], dtype=torch.bool)
    scores, torch_weights, torch_output = explicit_attention(queries.double(), keys.double(), values.double(),
                                                             allowed, 1.0 / math.sqrt(dk), None)
    assert torch.isnan(torch_weights[1]).all() and torch.isnan(torch_output[3]).all()
    assert not torch.isnan(torch_weights[0]).any()
    _, w32, o32 = explicit_attention(queries, keys, values, allowed, 1.0 / math.sqrt(dk), None)
    cases.append({
        "name": "fully_masked_rows",
        "description": "queries 1 and 3 may attend to no key. torch 1.13 returns NaN weights and output for them "
                       "(torch_weights, torch_output); our documented convention is all-zero weights and output "
                       "(weights, output). Rows 0 and 2 are ordinary.",
        "mask_kind": "custom", "scale": None,
        "queries": Input(queries), "keys": Input(keys), "values": Input(values), "mask": MaskData(allowed),
        "scores": Expected(scores),
        "weights": Expected(torch.nan_to_num(torch_weights, nan=0.0)),
        "output": Expected(torch.nan_to_num(torch_output, nan=0.0)),
        "torch_weights": Expected(torch_weights),
        "torch_output": Expected(torch_output),
        "torch_float32_max_abs_error": {"weights": max_abs_error(w32, torch_weights),
                                        "output": max_abs_error(o32, torch_output)},
    })
    write_file("attention.json", "scaled dot-product attention, computed explicitly in torch",
               "scores = queries·keysᵀ·scale + bias, scale = 1/sqrt(Dk) unless given, blocked entries = -inf; "
               "weights = softmax(scores) row-wise; output = weights·values",
               "mask: 1 = may attend (our convention). mask_kind names the factory that builds it: none, causal "
               "(Mask.Causal(T, S): query t sees keys 0..S-T+t), padding:N (Mask.Padding(T, S, N)), custom. "
               "scale null means 1/sqrt(Dk). scores hold -Infinity where blocked.",
               cases)


# ----------------------------------------------------------------------------------------------------
# 3. nn.MultiheadAttention
# ----------------------------------------------------------------------------------------------------

def export_linear(weight, bias):
    """torch (out, in) weight -> our (in, out) layout."""
    return {"weight": Input(weight.t().contiguous()), "bias": Input(bias)}


def mha_weights(mha):
    d = mha.embed_dim
    w, b = mha.in_proj_weight, mha.in_proj_bias
    return {
        "w_q": export_linear(w[:d], b[:d]),
        "w_k": export_linear(w[d:2 * d], b[d:2 * d]),
        "w_v": export_linear(w[2 * d:], b[2 * d:]),
        "w_o": export_linear(mha.out_proj.weight, mha.out_proj.bias),
    }


def make_mha(d, h, seed):
    """nn.MultiheadAttention with float32-exact random weights and (non-zero) random biases, in float64."""
    mha = nn.MultiheadAttention(d, h, bias=True, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        mha.in_proj_weight.copy_(rand_input(seed, 3 * d, d, std=1.0 / math.sqrt(d)))
        mha.in_proj_bias.copy_(rand_input(seed + 1, 3 * d, std=0.1))
        mha.out_proj.weight.copy_(rand_input(seed + 2, d, d, std=1.0 / math.sqrt(d)))
        mha.out_proj.bias.copy_(rand_input(seed + 3, d, std=0.1))
    return mha


def explicit_mha(mha, x_q, x_kv, allowed):
    """Multi-head attention written out with our-layout weights; returns output, weights (H,T,S), heads (H,T,Dk)."""
    d, h = mha.embed_dim, mha.num_heads
    dk = d // h
    w, b = mha.in_proj_weight, mha.in_proj_bias
    q = x_q @ w[:d].t() + b[:d]  # (T,D) x (D,D) -> (T,D)
    k = x_kv @ w[d:2 * d].t() + b[d:2 * d]  # (S,D) x (D,D) -> (S,D)
    v = x_kv @ w[2 * d:].t() + b[2 * d:]
    qh = q.reshape(-1, h, dk).transpose(0, 1)  # (T,D) -> (H,T,Dk)
    kh = k.reshape(-1, h, dk).transpose(0, 1)
    vh = v.reshape(-1, h, dk).transpose(0, 1)
    _, weights, heads = explicit_attention(qh, kh, vh, allowed, 1.0 / math.sqrt(dk), None)
    concat = heads.transpose(0, 1).reshape(-1, d)  # (H,T,Dk) -> (T,D)
    return concat @ mha.out_proj.weight.t() + mha.out_proj.bias, weights, heads


def torch_mha(mha, x_q, x_kv, allowed, torch_attn_mask, torch_kpm):
    out, weights = mha(x_q.unsqueeze(0), x_kv.unsqueeze(0), x_kv.unsqueeze(0),
                       attn_mask=torch_attn_mask,
                       key_padding_mask=None if torch_kpm is None else torch_kpm.unsqueeze(0),
                       need_weights=True, average_attn_weights=False)
    return out[0], weights[0]


def mha_cases():
    specs = [
        # name, description, D, H, T, S (None = self), attn_mask allowed (T,S) or None, padding valid keys or None
        ("self_attention_no_mask", "self-attention, D=8, H=2, T=5, no mask", 8, 2, 5, None, None, None),
        ("self_attention_causal", "self-attention with a causal attn_mask, D=12, H=3, T=6", 12, 3, 6, None,
         "causal", None),
        ("self_attention_odd_head_width", "self-attention, D=10, H=2 (Dk=5), T=7, key_padding_mask: 5 real", 10, 2,
         7, None, None, 5),
        ("cross_attention_padding", "cross-attention T=4 queries over S=7 memory keys, D=8, H=4, "
         "key_padding_mask: 5 real keys", 8, 4, 4, 7, None, 5),
        ("cross_attention_mask_and_padding", "cross-attention T=5, S=6, D=6, H=3, an irregular attn_mask AND a "
         "key_padding_mask (4 real keys)", 6, 3, 5, 6, "custom", 4),
        ("single_head", "one head: D=H·Dk=6, H=1, T=3, S=4", 6, 1, 3, 4, None, None),
    ]
    cases = []
    for i, (name, description, d, h, t, s, mask_kind, valid) in enumerate(specs):
        seed = 400 + 20 * i
        self_attention = s is None
        s = t if self_attention else s
        mha = make_mha(d, h, seed)
        queries = rand_input(seed + 5, t, d)
        memory = queries if self_attention else rand_input(seed + 6, s, d)

        allowed = torch.ones(t, s, dtype=torch.bool)
        torch_attn_mask = None
        if mask_kind == "causal":
            torch_attn_mask = ~causal_allowed(t, s)  # torch: True = NOT allowed
        elif mask_kind == "custom":
            g = torch.Generator().manual_seed(seed + 7)
            blocked = torch.rand(t, s, generator=g) < 0.35
            blocked[:, 0] = False  # keep at least one real key per row
            torch_attn_mask = blocked
        if torch_attn_mask is not None:
            allowed &= ~torch_attn_mask
        torch_kpm = None
        if valid is not None:
            torch_kpm = torch.arange(s) >= valid  # torch: True = padding, ignore
            allowed &= ~torch_kpm.unsqueeze(0)
        assert allowed.any(dim=-1).all()

        def compute(inp, dtype, mha=mha, allowed=allowed, torch_attn_mask=torch_attn_mask, torch_kpm=torch_kpm):
            module = mha if dtype == torch.float64 else make_mha_copy(mha)
            out, weights = torch_mha(module, inp["queries"], inp["memory"], allowed, torch_attn_mask, torch_kpm)
            return {"output": out, "weights": weights}

        exact, errors = float32_errors(compute, {"queries": queries, "memory": memory})
        with torch.no_grad():
            out_explicit, w_explicit, heads = explicit_mha(mha, queries.double(), memory.double(), allowed)
        assert torch.allclose(out_explicit, exact["output"], rtol=0, atol=1e-12), name
        assert torch.allclose(w_explicit, exact["weights"], rtol=0, atol=1e-12), name

        case = {"name": name, "description": description, "num_heads": h, "d_model": d,
                "self_attention": self_attention}
        case.update(mha_weights(mha))
        case["queries"] = Input(queries)
        if not self_attention:
            case["memory"] = Input(memory)
        case["mask"] = MaskData(allowed)
        if torch_attn_mask is not None:
            case["torch_attn_mask"] = MaskData(torch_attn_mask)
        if torch_kpm is not None:
            case["torch_key_padding_mask"] = MaskData(torch_kpm)
        case.update({"output": Expected(exact["output"]), "weights": Expected(exact["weights"]),
                     "head_outputs": Expected(heads), "torch_float32_max_abs_error": errors})
        cases.append(case)
    write_file("multihead_attention.json",
               "nn.MultiheadAttention(d_model, num_heads, bias=True, batch_first=True), float64, "
               "need_weights=True, average_attn_weights=False",
               "Q = queries·W_Q + b_Q, K = memory·W_K + b_K, V = memory·W_V + b_V; split into H heads of "
               "Dk = D/H columns; head_h = softmax(Q_h·K_hᵀ/sqrt(Dk) + mask)·V_h; "
               "output = concat(head_1..head_H)·W_O + b_O",
               "Weights are in OUR layout (in, out), y = x·W + b: each is TRANSPOSED from torch "
               "(w_q/w_k/w_v are the three row blocks of in_proj_weight, transposed; w_o is out_proj.weight "
               "transposed). For self-attention memory = queries (not stored). mask: 1 = may attend, the AND of "
               "NOT torch_attn_mask and NOT torch_key_padding_mask -- torch's boolean masks mean True = NOT "
               "allowed, the opposite of ours. weights are per head (H, T, S); head_outputs (H, T, Dk) are the "
               "per-head outputs before concatenation (torch does not return them; computed explicitly here "
               "and checked against the module).",
               cases)


def make_mha_copy(mha):
    copy = nn.MultiheadAttention(mha.embed_dim, mha.num_heads, bias=True, batch_first=True, dtype=torch.float32)
    copy.load_state_dict({k: v.float() for k, v in mha.state_dict().items()})
    return copy


# ----------------------------------------------------------------------------------------------------
# 4. layer norm and activations
# ----------------------------------------------------------------------------------------------------

def layer_norm_cases():
    specs = [
        ("random_4x6", "randn rows, random gamma and beta", rand_input(500, 4, 6), 1e-5),
        ("odd_width_3x7", "D = 7", rand_input(501, 3, 7, std=2.0), 1e-5),
        ("offset_rows", "rows with mean about 50 and std 2", rand_input(502, 3, 8, std=2.0, mean=50.0), 1e-5),
        ("tiny_variance", "std 0.01: epsilon matters", rand_input(503, 2, 6, std=0.01), 1e-5),
        ("constant_row_gives_beta", "row 0 is constant (variance 0): the output is beta",
         torch.cat([torch.full((1, 5), 0.75), rand_input(504, 2, 5)]), 1e-5),
        ("epsilon_1e-3", "epsilon 1e-3 instead of 1e-5", rand_input(505, 3, 5, std=0.1), 1e-3),
    ]
    cases = []
    for i, (name, description, x, eps) in enumerate(specs):
        d = x.shape[-1]
        gamma = rand_input(550 + i, d, std=0.5, mean=1.0)
        beta = rand_input(560 + i, d, std=0.2)

        def compute(inp, dtype, eps=eps):
            return {"output": F.layer_norm(inp["x"], (inp["x"].shape[-1],), inp["gamma"], inp["beta"], eps)}

        exact, errors = float32_errors(compute, {"x": x, "gamma": gamma, "beta": beta})
        cases.append({"name": name, "description": description, "epsilon": float(np.float32(eps)),
                      "x": Input(x), "gamma": Input(gamma), "beta": Input(beta),
                      "output": Expected(exact["output"]), "torch_float32_max_abs_error": errors})
    write_file("layer_norm.json", "F.layer_norm over the last axis with gamma and beta",
               "output = (x - mean) / sqrt(var + epsilon) * gamma + beta, mean and biased var over each row",
               "epsilon is the float32 value the layer uses.", cases)


def activation_cases():
    grid = torch.linspace(-6, 6, 25, dtype=torch.float32).reshape(5, 5)
    specials = torch.tensor([[-20.0, -10.0, -3.0, -1e-3, 0.0, 1e-3],
                             [0.5, 1.0, 1.5, 3.0, 10.0, 20.0]], dtype=torch.float32)
    specs = [("grid_-6_to_6", "25 evenly spaced points in [-6, 6]", grid),
             ("random_4x7", "randn times 2", rand_input(600, 4, 7, std=2.0)),
             ("extremes_and_zero", "far tails, zero and values near zero", specials)]
    cases = []
    for name, description, x in specs:
        def compute(inp, dtype):
            return {"gelu": F.gelu(inp["x"]), "relu": F.relu(inp["x"])}

        exact, errors = float32_errors(compute, {"x": x})
        cases.append({"name": name, "description": description, "x": Input(x), "gelu": Expected(exact["gelu"]),
                      "relu": Expected(exact["relu"]), "torch_float32_max_abs_error": errors})
    write_file("activations.json", "F.gelu (exact, approximate='none') and F.relu, element-wise",
               "gelu(x) = x · Φ(x) = x/2 · (1 + erf(x/sqrt(2))); relu(x) = max(x, 0)",
               "GELU is the exact erf form, not the tanh approximation.", cases)


# ----------------------------------------------------------------------------------------------------
# 5. transformer encoder and decoder layers
# ----------------------------------------------------------------------------------------------------

def randomize_layer(layer, seed):
    """Replaces every parameter by float32-exact random values (non-trivial biases and norm parameters)."""
    with torch.no_grad():
        for j, (name, p) in enumerate(sorted(layer.named_parameters())):
            if name.endswith("norm1.weight") or name.endswith("norm2.weight") or name.endswith("norm3.weight"):
                p.copy_(rand_input(seed + j, *p.shape, std=0.2, mean=1.0))
            elif p.dim() == 1:
                p.copy_(rand_input(seed + j, *p.shape, std=0.1))
            else:
                p.copy_(rand_input(seed + j, *p.shape, std=1.0 / math.sqrt(p.shape[1])))


def export_norm(norm):
    return {"gamma": Input(norm.weight), "beta": Input(norm.bias), "epsilon": float(np.float32(norm.eps))}


def layer_copy32(layer, cls, **kwargs):
    copy = cls(**kwargs, dtype=torch.float32)
    copy.load_state_dict({k: v.float() for k, v in layer.state_dict().items()})
    return copy.eval()


def explicit_ffn(layer, x):
    hidden = torch.relu(x @ layer.linear1.weight.t() + layer.linear1.bias)  # (T,D) x (D,F) -> (T,F)
    return hidden @ layer.linear2.weight.t() + layer.linear2.bias  # (T,F) x (F,D) -> (T,D)


def layer_norm(norm, x):
    return F.layer_norm(x, (x.shape[-1],), norm.weight, norm.bias, norm.eps)


def explicit_encoder(layer, x, allowed, norm_first):
    """The encoder layer written out; returns output and the self-attention weights (H,T,T)."""
    if norm_first:
        a, weights, _ = explicit_mha(layer.self_attn, layer_norm(layer.norm1, x), layer_norm(layer.norm1, x), allowed)
        x = x + a
        return x + explicit_ffn(layer, layer_norm(layer.norm2, x)), weights
    a, weights, _ = explicit_mha(layer.self_attn, x, x, allowed)
    x = layer_norm(layer.norm1, x + a)
    return layer_norm(layer.norm2, x + explicit_ffn(layer, x)), weights


def explicit_decoder(layer, x, memory, self_allowed, memory_allowed, norm_first):
    """The decoder layer written out; returns output, self weights (H,T,T) and cross weights (H,T,S)."""
    if norm_first:
        n1 = layer_norm(layer.norm1, x)
        a, self_w, _ = explicit_mha(layer.self_attn, n1, n1, self_allowed)
        x = x + a
        c, cross_w, _ = explicit_mha(layer.multihead_attn, layer_norm(layer.norm2, x), memory, memory_allowed)
        x = x + c
        return x + explicit_ffn(layer, layer_norm(layer.norm3, x)), self_w, cross_w
    a, self_w, _ = explicit_mha(layer.self_attn, x, x, self_allowed)
    x = layer_norm(layer.norm1, x + a)
    c, cross_w, _ = explicit_mha(layer.multihead_attn, x, memory, memory_allowed)
    x = layer_norm(layer.norm2, x + c)
    return layer_norm(layer.norm3, x + explicit_ffn(layer, x)), self_w, cross_w


def block_weights(layer, decoder):
    weights = {"self_attention": mha_weights(layer.self_attn)}
    if decoder:
        weights["cross_attention"] = mha_weights(layer.multihead_attn)
    weights["feed_forward"] = {"first": export_linear(layer.linear1.weight, layer.linear1.bias),
                               "second": export_linear(layer.linear2.weight, layer.linear2.bias),
                               "activation": "relu"}
    weights["norm1"] = export_norm(layer.norm1)
    weights["norm2"] = export_norm(layer.norm2)
    if decoder:
        weights["norm3"] = export_norm(layer.norm3)
    return weights


def encoder_cases():
    specs = [
        # name, description, D, H, F, T, norm_first, mask kind
        ("post_norm_no_mask", "norm_first=False, D=8, H=2, F=16, T=5, no mask", 8, 2, 16, 5, False, "none"),
        ("post_norm_causal", "norm_first=False, causal src_mask, D=12, H=3, F=20, T=7", 12, 3, 20, 7, False,
         "causal"),
        ("post_norm_padding", "norm_first=False, src_key_padding_mask: 4 of 6 tokens real, D=8, H=4, F=12", 8, 4,
         12, 6, False, "padding:4"),
        ("pre_norm_no_mask", "norm_first=True, D=8, H=2, F=16, T=5, no mask", 8, 2, 16, 5, True, "none"),
        ("pre_norm_causal", "norm_first=True, causal src_mask, D=12, H=3, F=20, T=7", 12, 3, 20, 7, True,
         "causal"),
        ("pre_norm_padding", "norm_first=True, src_key_padding_mask: 3 of 5 tokens real, D=10, H=2, F=24", 10, 2,
         24, 5, True, "padding:3"),
    ]
    cases = []
    for i, (name, description, d, h, ff, t, norm_first, kind) in enumerate(specs):
        seed = 700 + 50 * i
        kwargs = dict(d_model=d, nhead=h, dim_feedforward=ff, dropout=0.0, activation="relu", batch_first=True,
                      norm_first=norm_first)
        layer = nn.TransformerEncoderLayer(**kwargs, dtype=torch.float64)
        randomize_layer(layer, seed)
        layer.eval()
        x = rand_input(seed + 40, t, d)
        src_mask, kpm, allowed = None, None, torch.ones(t, t, dtype=torch.bool)
        if kind == "causal":
            src_mask = ~causal_allowed(t, t)  # torch: True = NOT allowed
            allowed = causal_allowed(t, t)
        elif kind.startswith("padding"):
            valid = int(kind.split(":")[1])
            kpm = torch.arange(t) >= valid  # torch: True = padding
            allowed = padding_allowed(t, t, valid)

        def compute(inp, dtype, layer=layer, kwargs=kwargs, src_mask=src_mask, kpm=kpm):
            # Parameters require grad, so torch 1.13 takes its ordinary (not the fused "fast") path.
            module = layer if dtype == torch.float64 else layer_copy32(layer, nn.TransformerEncoderLayer, **kwargs)
            out = module(inp["x"].unsqueeze(0), src_mask=src_mask,
                         src_key_padding_mask=None if kpm is None else kpm.unsqueeze(0))
            return {"output": out[0]}

        exact, errors = float32_errors(compute, {"x": x})
        with torch.no_grad():
            out_explicit, weights = explicit_encoder(layer, x.double(), allowed, norm_first)
        assert torch.allclose(out_explicit, exact["output"], rtol=0, atol=1e-12), name

        case = {"name": name, "description": description, "norm": "PreNorm" if norm_first else "PostNorm",
                "num_heads": h, "d_model": d, "d_ff": ff, "mask_kind": kind}
        case.update(block_weights(layer, decoder=False))
        case["x"] = Input(x)
        case["mask"] = MaskData(allowed)
        if src_mask is not None:
            case["torch_src_mask"] = MaskData(src_mask)
        if kpm is not None:
            case["torch_src_key_padding_mask"] = MaskData(kpm)
        case.update({"output": Expected(exact["output"]), "self_attention_weights": Expected(weights),
                     "torch_float32_max_abs_error": errors})
        cases.append(case)
    write_file("encoder_block.json",
               "nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward, dropout=0.0, activation='relu', "
               "batch_first=True, norm_first), eval mode, float64",
               "PostNorm: x = LN1(x + MHA(x)); out = LN2(x + FFN(x)). PreNorm: x = x + MHA(LN1(x)); "
               "out = x + FFN(LN2(x)). FFN(x) = relu(x·W1 + b1)·W2 + b2",
               "All weights in OUR layout (in, out), TRANSPOSED from torch. mask: 1 = may attend (ours); torch_src_mask "
               "and torch_src_key_padding_mask are what torch was given (True = NOT allowed). "
               "self_attention_weights (H, T, T) are the per-head weights inside the block (torch's layer does "
               "not return them; computed explicitly with the same weights and checked against the layer's "
               "output to 1e-12).",
               cases)


def decoder_cases():
    specs = [
        # name, description, D, H, F, T, S, norm_first, memory valid keys
        ("post_norm_causal_memory_padding", "norm_first=False, causal tgt_mask, memory_key_padding_mask: 5 of "
         "S=7 real, T=5, D=8, H=2, F=16", 8, 2, 16, 5, 7, False, 5),
        ("post_norm_short_memory", "norm_first=False, causal tgt_mask, T=6 > S=3, no memory padding, D=12, H=3, "
         "F=20", 12, 3, 20, 6, 3, False, None),
        ("pre_norm_causal_memory_padding", "norm_first=True, causal tgt_mask, memory_key_padding_mask: 4 of "
         "S=6 real, T=4, D=8, H=4, F=12", 8, 4, 12, 4, 6, True, 4),
        ("pre_norm_odd_sizes", "norm_first=True, causal tgt_mask, memory_key_padding_mask: 3 of S=5 real, T=7, "
         "D=10, H=2, F=18", 10, 2, 18, 7, 5, True, 3),
    ]
    cases = []
    for i, (name, description, d, h, ff, t, s, norm_first, valid) in enumerate(specs):
        seed = 1100 + 60 * i
        kwargs = dict(d_model=d, nhead=h, dim_feedforward=ff, dropout=0.0, activation="relu", batch_first=True,
                      norm_first=norm_first)
        layer = nn.TransformerDecoderLayer(**kwargs, dtype=torch.float64)
        randomize_layer(layer, seed)
        layer.eval()
        x = rand_input(seed + 50, t, d)
        memory = rand_input(seed + 51, s, d)
        tgt_mask = ~causal_allowed(t, t)  # torch: True = NOT allowed
        self_allowed = causal_allowed(t, t)
        kpm = None if valid is None else torch.arange(s) >= valid  # torch: True = padding
        memory_allowed = torch.ones(t, s, dtype=torch.bool) if valid is None else padding_allowed(t, s, valid)

        def compute(inp, dtype, layer=layer, kwargs=kwargs, tgt_mask=tgt_mask, kpm=kpm):
            module = layer if dtype == torch.float64 else layer_copy32(layer, nn.TransformerDecoderLayer, **kwargs)
            out = module(inp["x"].unsqueeze(0), inp["memory"].unsqueeze(0), tgt_mask=tgt_mask,
                         memory_key_padding_mask=None if kpm is None else kpm.unsqueeze(0))
            return {"output": out[0]}

        exact, errors = float32_errors(compute, {"x": x, "memory": memory})
        with torch.no_grad():
            out_explicit, self_w, cross_w = explicit_decoder(layer, x.double(), memory.double(), self_allowed,
                                                             memory_allowed, norm_first)
        assert torch.allclose(out_explicit, exact["output"], rtol=0, atol=1e-12), name

        case = {"name": name, "description": description, "norm": "PreNorm" if norm_first else "PostNorm",
                "num_heads": h, "d_model": d, "d_ff": ff}
        case.update(block_weights(layer, decoder=True))
        case.update({"x": Input(x), "memory": Input(memory), "self_mask": MaskData(self_allowed),
                     "memory_mask": MaskData(memory_allowed), "torch_tgt_mask": MaskData(tgt_mask)})
        if kpm is not None:
            case["torch_memory_key_padding_mask"] = MaskData(kpm)
        case.update({"output": Expected(exact["output"]), "self_attention_weights": Expected(self_w),
                     "cross_attention_weights": Expected(cross_w), "torch_float32_max_abs_error": errors})
        cases.append(case)
    write_file("decoder_block.json",
               "nn.TransformerDecoderLayer(d_model, nhead, dim_feedforward, dropout=0.0, activation='relu', "
               "batch_first=True, norm_first), eval mode, float64, causal tgt_mask, memory_key_padding_mask",
               "PostNorm: x = LN1(x + SelfMHA(x)); x = LN2(x + CrossMHA(x, memory)); out = LN3(x + FFN(x)). "
               "PreNorm: x = x + SelfMHA(LN1(x)); x = x + CrossMHA(LN2(x), memory); out = x + FFN(LN3(x)). "
               "FFN(x) = relu(x·W1 + b1)·W2 + b2",
               "All weights in OUR layout (in, out), TRANSPOSED from torch. self_mask (T, T) and memory_mask (T, S): "
               "1 = may attend (ours); torch_tgt_mask and torch_memory_key_padding_mask are what torch was given "
               "(True = NOT allowed). self/cross_attention_weights are the per-head weights inside the block, "
               "computed explicitly with the same weights and checked against the layer's output to 1e-12.",
               cases)


# ----------------------------------------------------------------------------------------------------
# 6. sinusoidal positional encoding
# ----------------------------------------------------------------------------------------------------

def sinusoidal(seq_len, d_model, base, dtype):
    """As in The Annotated Transformer: PE[pos, 2i] = sin(pos / base^(2i/D)), PE[pos, 2i+1] = cos(same)."""
    pe = torch.zeros(seq_len, d_model, dtype=dtype)
    position = torch.arange(0, seq_len, dtype=dtype).unsqueeze(1)
    div_term = torch.exp(torch.arange(0, d_model, 2, dtype=dtype) * -(math.log(base) / d_model))
    pe[:, 0::2] = torch.sin(position * div_term)
    pe[:, 1::2] = torch.cos(position * div_term[:d_model // 2])  # odd D: the last column is a sine without a cosine
    return pe


def positional_encoding_cases():
    specs = [("T10_D16", 10, 16, 10000.0), ("T7_D6", 7, 6, 10000.0), ("T50_D32", 50, 32, 10000.0),
             ("T8_D8_base100", 8, 8, 100.0), ("T1_D4", 1, 4, 10000.0), ("T6_D7_odd_width", 6, 7, 10000.0)]
    cases = []
    for name, t, d, base in specs:
        exact = sinusoidal(t, d, base, torch.float64)
        cases.append({"name": name, "seq_len": t, "d_model": d, "base": base, "encoding": Expected(exact),
                      "torch_float32_max_abs_error": {"encoding": max_abs_error(sinusoidal(t, d, base, torch.float32),
                                                                                exact)}})
    write_file("positional_encoding.json", "sinusoidal positional encoding, computed in torch by the formula",
               "PE[pos, 2i] = sin(pos / base^(2i/D)), PE[pos, 2i+1] = cos(pos / base^(2i/D)) (The Annotated "
               "Transformer, base 10000). For an odd D the last column D-1 is a sine whose cosine partner would be column D.",
               "No torch module exists for this; it is the formula evaluated in float64.", cases)


# ----------------------------------------------------------------------------------------------------
# T5 relative position bias (bucketed), as in Hugging Face's T5Attention._relative_position_bucket
# ----------------------------------------------------------------------------------------------------

def t5_relative_position_bucket(relative_position, bidirectional, num_buckets, max_distance):
    """relative_position = key position - query position (long tensor) -> bucket ids, exactly T5's float32 recipe."""
    relative_buckets = torch.zeros_like(relative_position)
    if bidirectional:
        num_buckets //= 2
        relative_buckets += (relative_position > 0).to(torch.long) * num_buckets
        relative_position = torch.abs(relative_position)
    else:
        relative_position = -torch.min(relative_position, torch.zeros_like(relative_position))
    max_exact = num_buckets // 2
    is_small = relative_position < max_exact
    relative_position_if_large = max_exact + (
        torch.log(relative_position.float() / max_exact)
        / math.log(max_distance / max_exact)
        * (num_buckets - max_exact)
    ).to(torch.long)
    relative_position_if_large = torch.min(relative_position_if_large,
                                           torch.full_like(relative_position_if_large, num_buckets - 1))
    relative_buckets += torch.where(is_small, relative_position, relative_position_if_large)
    return relative_buckets


def t5_bias(table, queries, keys, bidirectional, max_distance):
    """table (num_buckets, H) as nn.Embedding(num_buckets, H).weight; the T queries are the last T of the S keys."""
    query_position = torch.arange(keys - queries, keys, dtype=torch.long)[:, None]
    key_position = torch.arange(keys, dtype=torch.long)[None, :]
    buckets = t5_relative_position_bucket(key_position - query_position, bidirectional, table.shape[0], max_distance)
    return F.embedding(buckets, table).permute(2, 0, 1), buckets  # (H, T, S), (T, S)


def t5_relative_bias_cases():
    cases = []
    specs = [("bidirectional_32_128", True, 32, 128), ("causal_32_128", False, 32, 128),
             ("bidirectional_16_32", True, 16, 32), ("causal_8_20", False, 8, 20), ("bidirectional_4_8", True, 4, 8)]
    for name, bidirectional, num_buckets, max_distance in specs:
        relative = torch.arange(-300, 301, dtype=torch.long)
        buckets = t5_relative_position_bucket(relative, bidirectional, num_buckets, max_distance)
        cases.append({"name": "buckets_" + name, "kind": "buckets", "bidirectional": bidirectional,
                      "num_buckets": num_buckets, "max_distance": max_distance,
                      "relative_positions": relative.tolist(), "buckets": buckets.tolist()})
    bias_specs = [("T10_S10_H4_bidirectional", 10, 10, 4, True, 32, 128, 901),
                  ("T40_S40_H2_bidirectional_8_16", 40, 40, 2, True, 8, 16, 902),
                  ("T3_S12_H3_causal_cache", 3, 12, 3, False, 16, 10, 903),
                  ("T1_S1_H1", 1, 1, 1, True, 32, 128, 904)]
    for name, t, s, h, bidirectional, num_buckets, max_distance, seed in bias_specs:
        table = rand_input(seed, num_buckets, h)
        bias, buckets = t5_bias(table.to(torch.float64), t, s, bidirectional, max_distance)
        bias32, _ = t5_bias(table, t, s, bidirectional, max_distance)
        cases.append({"name": "bias_" + name, "kind": "bias", "queries": t, "keys": s, "num_heads": h,
                      "bidirectional": bidirectional, "num_buckets": num_buckets, "max_distance": max_distance,
                      "table": Input(table), "buckets": buckets.tolist(), "bias": Expected(bias),
                      "torch_float32_max_abs_error": {"bias": max_abs_error(bias32, bias)}})
    write_file("t5_relative_bias.json", "T5 bucketed relative position bias (Hugging Face T5Attention.compute_bias)",
               "relative = key position - query position; bidirectional: half the buckets for keys after the query; "
               "|relative| < num_buckets/2 (after halving) gets its own bucket, larger distances share buckets spaced "
               "logarithmically up to max_distance, beyond which all share the last. bias[h, t, s] = table[bucket(t, s), h].",
               "The bucket arithmetic is T5's own, in float32 (torch.log of relative_position.float()); the T queries "
               "are the last T of the S keys (decoding with a cache). table is nn.Embedding(num_buckets, H).weight, "
               "not transposed.", cases)
# 7. gradients (issue 11): torch autograd in float64 through explicit forwards, our parameter layout and names
# ----------------------------------------------------------------------------------------------------

def safe_attention(queries, keys, values, allowed, scale, bias):
    """Our convention written in torch: blocked scores are -inf, and a fully masked row gets zero weights (and so a
    zero gradient) instead of torch 1.13's NaN. Returns (weights, output)."""
    scores = queries @ keys.transpose(-2, -1) * scale  # (T,Dk) x (Dk,S) -> (T,S)
    if bias is not None:
        scores = scores + bias
    if allowed is None:
        weights = torch.softmax(scores, dim=-1)
    else:
        row_ok = allowed.any(dim=-1, keepdim=True)
        scores = scores.masked_fill(~allowed, float("-inf")).masked_fill(~row_ok, 0.0)
        weights = torch.softmax(scores, dim=-1) * row_ok
    return weights, weights @ values  # (T,S) x (S,Dv) -> (T,Dv)


def g_linear_params(prefix, n_in, n_out, seed):
    return {prefix + ".weight": rand_input(seed, n_in, n_out, std=1.0 / math.sqrt(n_in)),
            prefix + ".bias": rand_input(seed + 1, n_out, std=0.1)}


def g_norm_params(prefix, d, seed):
    return {prefix + ".gamma": rand_input(seed, d, std=0.2, mean=1.0), prefix + ".beta": rand_input(seed + 1, d, std=0.1)}


def g_mha_params(prefix, d, seed):
    params = {}
    for j, name in enumerate(["w_q", "w_k", "w_v", "w_o"]):
        params.update(g_linear_params(f"{prefix}.{name}", d, d, seed + 2 * j))
    return params


def g_ffn_params(prefix, d, f, seed):
    return {**g_linear_params(prefix + ".first", d, f, seed), **g_linear_params(prefix + ".second", f, d, seed + 2)}


def g_linear(P, prefix, x):
    return x @ P[prefix + ".weight"] + P[prefix + ".bias"]  # (T,in) x (in,out) -> (T,out)


def g_norm(P, prefix, x):
    return F.layer_norm(x, (x.shape[-1],), P[prefix + ".gamma"], P[prefix + ".beta"], 1e-5)


def g_activation(x, activation):
    return torch.relu(x) if activation == "relu" else F.gelu(x)


def g_ffn(P, prefix, x, activation):
    return g_linear(P, prefix + ".second", g_activation(g_linear(P, prefix + ".first", x), activation))


def g_mha(P, prefix, x_q, x_kv, allowed, h, bias=None, rotary=None):
    """rotary: None, or (rotate, query_start, key_start, base) applied per head to queries and keys (not values)."""
    d = x_q.shape[-1]
    dk = d // h
    q = g_linear(P, prefix + ".w_q", x_q).reshape(-1, h, dk).transpose(0, 1)  # (T,D) -> (H,T,Dk)
    k = g_linear(P, prefix + ".w_k", x_kv).reshape(-1, h, dk).transpose(0, 1)
    v = g_linear(P, prefix + ".w_v", x_kv).reshape(-1, h, dk).transpose(0, 1)
    if rotary is not None:
        rotate, query_start, key_start, base = rotary
        q, k = rotate(q, query_start, base), rotate(k, key_start, base)
    _, heads = safe_attention(q, k, v, allowed, 1.0 / math.sqrt(dk), bias)
    return g_linear(P, prefix + ".w_o", heads.transpose(0, 1).reshape(-1, d))  # (H,T,Dk) -> (T,D)


def rope_theta(d, base):
    """RoFormer (Su et al., 2021), eq. (15): theta_i = base^(-2(i-1)/d), i = 1..d/2. Shape: (d/2)."""
    return base ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)


def rope_interleaved(x, start, base):
    """RoPE in the RoFormer paper's complex form (sec. 3.2, eq. 12): the pair (x[2i], x[2i+1]) is the complex number
    x[2i] + j*x[2i+1], multiplied by e^(j*m*theta_i) at position m = start + row. Shape: (..., n, d) -> same."""
    n, d = x.shape[-2], x.shape[-1]
    angles = torch.outer(torch.arange(start, start + n, dtype=torch.float64), rope_theta(d, base))  # (n, d/2)
    turn = torch.polar(torch.ones_like(angles), angles)  # e^(j*m*theta), complex128
    z = torch.view_as_complex(x.reshape(*x.shape[:-1], d // 2, 2).contiguous())  # (..., n, d/2)
    return torch.view_as_real(z * turn).reshape(x.shape)


def rope_split_halves(x, start, base):
    """The other common convention (Hugging Face Llama's rotate_half): column i pairs with column i + d/2. Used only
    to show that the cases tell the two conventions apart."""
    n, d = x.shape[-2], x.shape[-1]
    angles = torch.outer(torch.arange(start, start + n, dtype=torch.float64), rope_theta(d, base))
    cos, sin = torch.cat([angles.cos()] * 2, dim=-1), torch.cat([angles.sin()] * 2, dim=-1)
    rotated_half = torch.cat([-x[..., d // 2:], x[..., : d // 2]], dim=-1)
    return x * cos + rotated_half * sin


def alibi_slopes(n):
    """ALiBi head slopes as in the paper's code (Press et al., 2022, github.com/ofirpress/attention_with_linear_biases,
    get_slopes): the geometric sequence starting at 2^(-8/n) with that ratio for n a power of two; otherwise those of
    the closest smaller power of two followed by every other slope of twice that power."""
    def power_of_2(n):
        start = 2 ** (-2 ** -(math.log2(n) - 3))
        return [start * start ** i for i in range(n)]
    if math.log2(n).is_integer():
        return power_of_2(n)
    closest = 2 ** math.floor(math.log2(n))
    return power_of_2(closest) + alibi_slopes(2 * closest)[0::2][: n - closest]


def alibi_bias(h, t, s):
    """ALiBi (Press et al., 2022, sec. 3): the score of query i and key j gets -m * (i - j), m the head's slope; the T
    queries sit at positions S-T..S-1 (the last T of the S keys). Entries with j > i are blocked by the causal mask and
    their value never matters. Shape: (H, T, S)."""
    distance = (torch.arange(s - t, s, dtype=torch.float64)[:, None] - torch.arange(s, dtype=torch.float64)[None, :])
    return -torch.tensor(alibi_slopes(h), dtype=torch.float64)[:, None, None] * distance + 0.0  # + 0.0: no "-0" on the diagonal


def positional_mha_cases():
    """Multi-head attention with RoPE or ALiBi (issue: backward with positions checked against torch, not only finite
    differences). RoPE rotates each head's queries and keys after the projections; ALiBi adds (H, T, S) to the scaled
    scores."""
    cases = []
    rope_specs = [
        ("mha_rope_self_causal", "self-attention with RoPE (interleaved pairs, base 10000, positions 0..5), D=8, H=2, "
         "Dk=4, T=6, causal", 8, 2, 6, None, 0, 0, 10000.0),
        ("mha_rope_cache_offset", "RoPE with a cache: T=3 queries at positions 4..6 attend to S=7 keys at positions "
         "0..6 (source), base 100, D=12, H=2, Dk=6 (three pairs), rectangular causal", 12, 2, 3, 7, 4, 0, 100.0),
    ]
    for i, (name, description, d, h, t, s, query_start, key_start, base) in enumerate(rope_specs):
        seed = 1900 + 30 * i
        inputs = {"queries": rand_input(seed, t, d)}
        if s is not None:
            inputs["source"] = rand_input(seed + 1, s, d)
        inputs["mask"] = causal_allowed(t, s or t)
        params = g_mha_params("mha", d, seed + 2)

        def forward(L, P, h=h, rotate=rope_interleaved, qs=query_start, ks=key_start, base=base):
            return g_mha(P, "mha", L["queries"], L.get("source", L["queries"]), L["mask"], h,
                         rotary=(rotate, qs, ks, base))

        with torch.no_grad():
            L64 = {k: v.double() if v.is_floating_point() else v for k, v in inputs.items()}
            P64 = {k: v.double() for k, v in params.items()}
            ours = forward(L64, P64)
            split = forward(L64, P64, rotate=rope_split_halves)
            plain = g_mha(P64, "mha", L64["queries"], L64.get("source", L64["queries"]), L64["mask"], h)
            # the complex form equals the paper's real rotation matrix (eq. 15) on interleaved pairs
            x = L64["queries"]
            angles = torch.outer(torch.arange(3, 3 + x.shape[0], dtype=torch.float64), rope_theta(d, base))
            real = torch.empty_like(x)
            real[:, 0::2] = x[:, 0::2] * angles.cos() - x[:, 1::2] * angles.sin()
            real[:, 1::2] = x[:, 0::2] * angles.sin() + x[:, 1::2] * angles.cos()
            assert float((real - rope_interleaved(x, 3, base)).abs().max()) < 1e-12
        split_difference = float((ours - split).abs().max())
        no_rope_difference = float((ours - plain).abs().max())
        assert split_difference > 1e-2 and no_rope_difference > 1e-2, (name, split_difference, no_rope_difference)
        cases.append(g_case(name, description + "; d_queries is dL/dx for self-attention (queries = keys = values)",
                            "multi_head_attention_rope", inputs, params, forward, seed + 20,
                            {"num_heads": h, "d_model": d,
                             "rotary": {"query_start": query_start, "key_start": key_start, "base": base,
                                        "pairs": "interleaved"},
                             "output_max_difference_if_split_halves": split_difference,
                             "output_max_difference_without_rope": no_rope_difference}))
    alibi_specs = [
        ("mha_alibi_self_causal", "self-attention with ALiBi, D=8, H=4 (slopes 1/4, 1/16, 1/64, 1/256), Dk=2, T=6, "
         "causal", 8, 4, 6, None, None),
        ("mha_alibi_cache_fully_masked_row", "ALiBi with a cache: T=4 queries at positions 3..6 attend to S=7 keys "
         "(source), D=12, H=3 (not a power of two: slopes 1/16, 1/256, 1/4), Dk=4, rectangular causal mask with query "
         "row 1 fully masked", 12, 3, 4, 7, 1),
    ]
    for i, (name, description, d, h, t, s, empty_row) in enumerate(alibi_specs):
        seed = 1960 + 30 * i
        inputs = {"queries": rand_input(seed, t, d)}
        if s is not None:
            inputs["source"] = rand_input(seed + 1, s, d)
        mask = causal_allowed(t, s or t)
        if empty_row is not None:
            mask[empty_row] = False
        inputs["mask"] = mask
        params = g_mha_params("mha", d, seed + 2)
        bias = alibi_bias(h, t, s or t)

        def forward(L, P, h=h, bias=bias):
            return g_mha(P, "mha", L["queries"], L.get("source", L["queries"]), L["mask"], h, bias=bias)

        with torch.no_grad():
            L64 = {k: v.double() if v.is_floating_point() else v for k, v in inputs.items()}
            P64 = {k: v.double() for k, v in params.items()}
            no_bias_difference = float((forward(L64, P64) - forward(L64, P64, bias=torch.zeros_like(bias))).abs().max())
        assert no_bias_difference > 1e-2, (name, no_bias_difference)
        cases.append(g_case(name, description + "; alibi_bias[h, t, s] = -slopes[h] * (S - T + t - s), its entries "
                            "with s > S - T + t are masked and never matter; d_queries is dL/dx for self-attention",
                            "multi_head_attention_alibi", inputs, params, forward, seed + 20,
                            {"num_heads": h, "d_model": d, "slopes": Expected(torch.tensor(alibi_slopes(h))),
                             "alibi_bias": Expected(bias), "output_max_difference_without_alibi": no_bias_difference}))
    return cases


def g_encoder(P, x, allowed, h, norm_first, activation):
    if norm_first:
        n1 = g_norm(P, "block.norm1", x)
        x = x + g_mha(P, "block.attention", n1, n1, allowed, h)
        return x + g_ffn(P, "block.feed_forward", g_norm(P, "block.norm2", x), activation)
    x = g_norm(P, "block.norm1", x + g_mha(P, "block.attention", x, x, allowed, h))
    return g_norm(P, "block.norm2", x + g_ffn(P, "block.feed_forward", x, activation))


def g_decoder(P, x, memory, self_allowed, memory_allowed, h, norm_first, activation):
    if norm_first:
        n1 = g_norm(P, "block.norm1", x)
        x = x + g_mha(P, "block.self_attention", n1, n1, self_allowed, h)
        x = x + g_mha(P, "block.cross_attention", g_norm(P, "block.norm2", x), memory, memory_allowed, h)
        return x + g_ffn(P, "block.feed_forward", g_norm(P, "block.norm3", x), activation)
    x = g_norm(P, "block.norm1", x + g_mha(P, "block.self_attention", x, x, self_allowed, h))
    x = g_norm(P, "block.norm2", x + g_mha(P, "block.cross_attention", x, memory, memory_allowed, h))
    return g_norm(P, "block.norm3", x + g_ffn(P, "block.feed_forward", x, activation))


def g_case(name, description, kind, inputs, params, forward, d_output_seed, extra=None):
    """Runs forward on float64 leaves made from the float32 inputs and parameters, backpropagates a random upstream
    gradient (L = sum(d_output * y)), and records the inputs, parameters, d_output, output and every gradient."""
    leaves = {k: v.double().clone().requires_grad_(True) if v.is_floating_point() else v for k, v in inputs.items()}
    P = {k: v.double().clone().requires_grad_(True) for k, v in params.items()}
    y = forward(leaves, P)
    d_output = rand_input(d_output_seed, *y.shape)
    y.backward(d_output.double())
    case = {"name": name, "description": description, "kind": kind}
    case.update(extra or {})
    for k, v in inputs.items():
        case[k] = Input(v) if v.is_floating_point() else (MaskData(v) if v.dtype == torch.bool else v.tolist())
    case["params"] = {k: Input(v) for k, v in params.items()}
    case["d_output"] = Input(d_output)
    case["output"] = Expected(y)
    case["grads"] = {"d_" + k: Expected(v.grad) for k, v in leaves.items() if v.is_floating_point()}
    case["param_grads"] = {k: Expected(v.grad) for k, v in P.items()}
    return case


def gradient_cases():
    cases = []
    cases.append(g_case("matmul", "a·b, a (3,4), b (4,5)", "matmul",
                        {"a": rand_input(1101, 3, 4), "b": rand_input(1102, 4, 5)}, {},
                        lambda L, P: L["a"] @ L["b"], 1103))
    mask = torch.tensor([[1, 1, 1, 1, 1], [1, 0, 1, 0, 1], [0, 0, 0, 0, 0], [1, 0, 0, 0, 0]], dtype=torch.bool)
    cases.append(g_case("softmax_masked", "masked softmax with a fully masked row (row 2) and a one-key row (row 3)",
                        "softmax", {"scores": rand_input(1111, 4, 5, std=2.0), "mask": mask}, {},
                        lambda L, P: safe_attention_weights(L["scores"], L["mask"]), 1112))
    specs = [
        ("attention_rectangular", "no mask, T=3, S=5, Dk=4, Dv=6", None, None, False),
        ("attention_causal", "causal, T=S=5", "causal_square", None, False),
        ("attention_rectangular_causal", "rectangular causal, T=3 queries are the last of S=5", "causal", None, False),
        ("attention_fully_masked_row", "irregular mask with fully masked row 1, T=3, S=5", "irregular", None, False),
        ("attention_bias", "additive (T,S) bias and scale 0.7, T=3, S=5", None, 0.7, True),
    ]
    for i, (name, description, kind, scale, with_bias) in enumerate(specs):
        seed = 1200 + 20 * i
        t, s = (5, 5) if kind == "causal_square" else (3, 5)
        inputs = {"queries": rand_input(seed, t, 4), "keys": rand_input(seed + 1, s, 4), "values": rand_input(seed + 2, s, 6),
                  "bias": rand_input(seed + 3, t, s) if with_bias else torch.zeros(t, s)}
        if kind in ("causal", "causal_square"):
            inputs["mask"] = causal_allowed(t, s)
        elif kind == "irregular":
            inputs["mask"] = torch.tensor([[1, 1, 1, 0, 0], [0, 0, 0, 0, 0], [1, 0, 1, 0, 1]], dtype=torch.bool)
        sc = scale if scale is not None else 1.0 / math.sqrt(4)
        cases.append(g_case(name, description + "; d_bias is the gradient of the scores", "attention", inputs, {},
                            lambda L, P, sc=sc: safe_attention(L["queries"], L["keys"], L["values"], L.get("mask"), sc, L["bias"])[1],
                            seed + 4, {"scale": float(np.float32(sc))}))
    for i, activation in enumerate(["relu", "gelu"]):
        cases.append(g_case(activation, f"F.{activation}, x (4,7) times 3", "activation", {"x": rand_input(1300 + i, 4, 7, std=3.0)}, {},
                            lambda L, P, a=activation: g_activation(L["x"], a), 1310 + i, {"activation": activation}))
    cases.append(g_case("linear", "x·W + b, (4,5) -> (4,3)", "linear", {"x": rand_input(1320, 4, 5)},
                        g_linear_params("linear", 5, 3, 1321), lambda L, P: g_linear(P, "linear", L["x"]), 1323))
    cases.append(g_case("layer_norm", "F.layer_norm over D=6, eps=1e-5, offset rows", "layer_norm",
                        {"x": rand_input(1330, 3, 6, std=2.0, mean=0.5)}, g_norm_params("norm", 6, 1331),
                        lambda L, P: g_norm(P, "norm", L["x"]), 1333))
    for i, activation in enumerate(["relu", "gelu"]):
        cases.append(g_case(f"feed_forward_{activation}", f"FFN with {activation}, D=4, F=8, T=3", "feed_forward",
                            {"x": rand_input(1340 + 10 * i, 3, 4)}, g_ffn_params("ffn", 4, 8, 1341 + 10 * i),
                            lambda L, P, a=activation: g_ffn(P, "ffn", L["x"], a), 1345 + 10 * i, {"activation": activation}))
    ids = torch.tensor([3, 1, 3, 5])
    cases.append(g_case("embedding_positions", "table[ids] + positions[0..T), ids repeat token 3", "embedding", {"ids": ids},
                        {"table": rand_input(1360, 6, 4), "positions": rand_input(1361, 8, 4)},
                        lambda L, P: P["table"][ids] + P["positions"][: len(ids)], 1362))
    mha_specs = [
        ("mha_self_causal", "self-attention, D=8, H=2, T=4, causal", 4, None, "causal"),
        ("mha_cross_fully_masked_row", "cross-attention, D=8, H=2, T=3, S=5, mask with fully masked row 1", 3, 5, "irregular"),
    ]
    for i, (name, description, t, s, kind) in enumerate(mha_specs):
        seed = 1400 + 30 * i
        inputs = {"queries": rand_input(seed, t, 8)}
        if s is not None:
            inputs["source"] = rand_input(seed + 1, s, 8)
            inputs["mask"] = torch.tensor([[1, 1, 1, 0, 0], [0, 0, 0, 0, 0], [1, 0, 1, 0, 1]], dtype=torch.bool)
        else:
            inputs["mask"] = causal_allowed(t, t)
        cases.append(g_case(name, description, "multi_head_attention", inputs, g_mha_params("mha", 8, seed + 2),
                            lambda L, P: g_mha(P, "mha", L["queries"], L.get("source", L["queries"]), L["mask"], 2),
                            seed + 20, {"num_heads": 2}))
    cases.extend(positional_mha_cases())
    for i, (norm_first, activation) in enumerate([(False, "relu"), (True, "gelu")]):
        seed = 1500 + 50 * i
        params = {**g_mha_params("block.attention", 8, seed), **g_norm_params("block.norm1", 8, seed + 10),
                  **g_ffn_params("block.feed_forward", 8, 12, seed + 12), **g_norm_params("block.norm2", 8, seed + 16)}
        cases.append(g_case("encoder_" + ("pre" if norm_first else "post") + "_norm",
                            f"encoder block, norm_first={norm_first}, {activation}, D=8, H=2, F=12, T=4, causal",
                            "encoder_block", {"x": rand_input(seed + 20, 4, 8), "mask": causal_allowed(4, 4)}, params,
                            lambda L, P, nf=norm_first, a=activation: g_encoder(P, L["x"], L["mask"], 2, nf, a),
                            seed + 21, {"num_heads": 2, "d_ff": 12, "norm": "PreNorm" if norm_first else "PostNorm",
                                        "activation": activation}))
    for i, (norm_first, activation) in enumerate([(False, "relu"), (True, "gelu")]):
        seed = 1600 + 50 * i
        params = {**g_mha_params("block.self_attention", 8, seed), **g_norm_params("block.norm1", 8, seed + 10),
                  **g_mha_params("block.cross_attention", 8, seed + 12), **g_norm_params("block.norm2", 8, seed + 22),
                  **g_ffn_params("block.feed_forward", 8, 12, seed + 24), **g_norm_params("block.norm3", 8, seed + 28)}
        memory_mask = torch.tensor([[1, 1, 1, 0, 0], [0, 0, 0, 0, 0], [1, 0, 1, 0, 1]], dtype=torch.bool)
        cases.append(g_case("decoder_" + ("pre" if norm_first else "post") + "_norm",
                            f"decoder block, norm_first={norm_first}, {activation}, D=8, H=2, F=12, T=3, S=5, causal "
                            "self mask, memory mask with fully masked row 1", "decoder_block",
                            {"x": rand_input(seed + 30, 3, 8), "memory": rand_input(seed + 31, 5, 8),
                             "self_mask": causal_allowed(3, 3), "memory_mask": memory_mask}, params,
                            lambda L, P, nf=norm_first, a=activation: g_decoder(P, L["x"], L["memory"], L["self_mask"], L["memory_mask"], 2, nf, a),
                            seed + 32, {"num_heads": 2, "d_ff": 12, "norm": "PreNorm" if norm_first else "PostNorm",
                                        "activation": activation}))
    targets = torch.tensor([2, -1, 5, 0])
    logits = rand_input(1700, 4, 6, std=3.0)
    leaf = logits.double().clone().requires_grad_(True)
    loss = F.cross_entropy(leaf, targets, ignore_index=-1)
    loss.backward()
    cases.append({"name": "cross_entropy", "description": "F.cross_entropy(logits, targets, ignore_index=-1), mean over "
                  "the 3 counted rows; row 1 is ignored", "kind": "cross_entropy", "logits": Input(logits),
                  "targets": targets.tolist(), "loss": float(loss), "grads": {"d_logits": Expected(leaf.grad)}})
    write_file("gradients.json", "torch autograd (float64) through explicit forwards in our layout",
               "L = sum(d_output * y); grads = dL/d(input), param_grads = dL/d(parameter), named as Parameters.Of names them",
               "Fully masked rows follow our convention (zero weights, zero output, zero gradient), written in torch as "
               "softmax(...) * row_has_a_key; torch 1.13's own masked softmax would give NaN there. Weights are (in, out).",
               cases)


def safe_attention_weights(scores, allowed):
    row_ok = allowed.any(dim=-1, keepdim=True)
    masked = scores.masked_fill(~allowed, float("-inf")).masked_fill(~row_ok, 0.0)
    return torch.softmax(masked, dim=-1) * row_ok


def adamw_cases():
    """torch.optim.AdamW on a (3,4) matrix and a (4) vector for 6 steps with given gradients and learning rates."""
    cases = []
    for i, (weight_decay, lrs) in enumerate([(0.1, [1e-2] * 6), (0.01, [2e-3, 4e-3, 6e-3, 5e-3, 2.5e-3, 1e-3])]):
        seed = 1800 + 40 * i
        w = rand_input(seed, 3, 4).double().requires_grad_(True)
        b = rand_input(seed + 1, 4).double().requires_grad_(True)
        w0, b0 = w.detach().clone(), b.detach().clone()
        opt = torch.optim.AdamW([w, b], lr=lrs[0], betas=(0.9, 0.999), eps=1e-8, weight_decay=weight_decay)
        grads_w, grads_b, after_w, after_b = [], [], [], []
        for step, lr in enumerate(lrs):
            gw, gb = rand_input(seed + 10 + 2 * step, 3, 4), rand_input(seed + 11 + 2 * step, 4, std=3.0)
            for group in opt.param_groups:
                group["lr"] = lr
            w.grad, b.grad = gw.double(), gb.double()
            opt.step()
            grads_w.append(gw); grads_b.append(gb)
            after_w.append(w.detach().clone()); after_b.append(b.detach().clone())
        cases.append({"name": f"adamw_{i}", "description": f"weight_decay={weight_decay}, learning rates {lrs}; "
                      "step s uses grad_weight[s], grad_bias[s] and gives weight_after[s], bias_after[s]",
                      "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "weight_decay": weight_decay,
                      "learning_rates": lrs, "weight": Input(w0), "bias": Input(b0),
                      "grad_weight": Input(torch.stack(grads_w)), "grad_bias": Input(torch.stack(grads_b)),
                      "weight_after": Expected(torch.stack(after_w)), "bias_after": Expected(torch.stack(after_b))})
    write_file("adamw.json", "torch.optim.AdamW (float64), one parameter group, lr changed before each step",
               "p -= lr*wd*p; m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)",
               "Weight decay applies to both parameters here; the model exempts biases and norms by itself.", cases)


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    softmax_cases()
    attention_cases()
    mha_cases()
    layer_norm_cases()
    activation_cases()
    encoder_cases()
    decoder_cases()
    positional_encoding_cases()
    t5_relative_bias_cases()
    gradient_cases()
    adamw_cases()


if __name__ == "__main__":
    main()
